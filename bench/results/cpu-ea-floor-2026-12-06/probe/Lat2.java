package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.kernels.EaMath;
import java.util.*;
/** One thread, two blocks (D = 2 VL), rows contiguous, in cache: EA-2 scan, one block at a time vs both at once. */
public class Lat2 {
  public static void main(String[] a) {
    int L = Integer.parseInt(a[0]), D = 2 * VL, n = L * D, p = 2;
    float kmax = EaMath.keyClamp(p);
    Random r = new Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y1=new float[n],y2=new float[n];
    for(int i=0;i<n;i++){q[i]=(float)(0.5*r.nextGaussian());k[i]=(float)(0.5*r.nextGaussian());v[i]=(float)(0.5*r.nextGaussian());}
    int size = Slots.count(p) * VL;
    double[] t1 = new double[31], t2 = new double[31];
    for (int rep = 0; rep < 20000 + 31; rep++) {
      float[] st = Slots.fresh(2, VL, p, Float.POSITIVE_INFINITY);
      long a0 = System.nanoTime();
      for (int c = 0; c < L; c += 64) for (int t = 0; t < 2; t++) CausalScan.vector2(q, k, v, c * D + t * VL, D, y1, c * D + t * VL, D, 64, kmax, st, t * size);
      long a1 = System.nanoTime();
      st = Slots.fresh(2, VL, p, Float.POSITIVE_INFINITY);
      for (int c = 0; c < L; c += 64) Scan2x.vector2(q, k, v, c * D, D, y2, c * D, D, 64, kmax, st, 0, size);
      long a2 = System.nanoTime();
      if (rep >= 20000) { t1[rep-20000] = (a1-a0)/(2.0*L); t2[rep-20000] = (a2-a1)/(2.0*L); }
    }
    double diff = 0; for (int i = 0; i < n; i++) diff = Math.max(diff, Math.abs(y1[i]-y2[i]));
    Arrays.sort(t1); Arrays.sort(t2);
    System.out.printf("EA-2 scan ns per block-row: one block at a time %.2f, two at once %.2f (max diff %.3g)%n", t1[15], t2[15], diff);
  }
}
