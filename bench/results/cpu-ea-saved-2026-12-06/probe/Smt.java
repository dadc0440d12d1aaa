package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.kernels.EaMath;
/** Cache-resident CausalScan.vector6 rate (rows of 16 lanes per microsecond) on the calling thread. */
public class Smt {
  public static void main(String[] a) {
    int D=VL, L=512, n=L*D; float kmax=EaMath.keyClamp(6); java.util.Random r=new java.util.Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n];
    for(int i=0;i<n;i++){q[i]=(float)r.nextGaussian();k[i]=(float)r.nextGaussian();v[i]=(float)r.nextGaussian();}
    for (int round=0; round<4; round++) {
      long t0=System.nanoTime(), rows=0;
      while (System.nanoTime()-t0 < 1_500_000_000L) { float[] st=Slots.fresh(1, VL, 6, Float.POSITIVE_INFINITY);
        CausalScan.vector6(q,k,v,0,D,y,0,D,L,kmax,st,0); rows+=L; }
      System.out.printf("round %d: %.1f rows/us%n", round, rows/((System.nanoTime()-t0)/1e3));
    }
  }
}
