package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.kernels.EaMath;
import java.lang.management.*;
import java.util.*;
/** Single-thread CPU-ms per pass, EA-6, 4096 x 768 elements laid out with each D given (D = 8: rows contiguous). */
public class PassCost {
  public static void main(String[] a) {
    int L0=4096, D0=768;
    for (String arg : a) {
      int D = Integer.parseInt(arg), L = L0*D0/D, n=L*D, p=6, R=64, blocks=D/VL, size=Slots.count(p)*VL; float kmax=EaMath.keyClamp(p);
      Random r=new Random(1);
      float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n],gy=new float[n],dq=new float[n],dk=new float[n],dv=new float[n];
      for(int i=0;i<n;i++){q[i]=(float)r.nextGaussian();k[i]=(float)r.nextGaussian();v[i]=(float)r.nextGaussian();gy[i]=(float)r.nextGaussian();}
      float[] buf=new float[2*R*VL];
      ThreadMXBean mx=ManagementFactory.getThreadMXBean();
      String[] names={"CausalScan","Reduce","QueryScan+KeyScan","RatioMap","QueryMap","KeyMap"};
      double[] acc=new double[names.length];
      for (int rep=0; rep<12; rep++) {
        for (int s=0; s<names.length; s++) {
          long t0=mx.getCurrentThreadCpuTime();
          float[] st=Slots.fresh(blocks, VL, p, Float.POSITIVE_INFINITY), g=Slots.fresh(blocks, VL, p, s==2?Float.NEGATIVE_INFINITY:0f);
          if (s==2) { for (int c=(L-1)/R*R; c>=0; c-=R) for (int t=0;t<blocks;t++) { int at=c*D+t*VL, rows=Math.min(R,L-c);
              CausalQueryScan.vector6(q,k,v,y,gy,dq,buf,0,VL,R*VL,at,D,rows,kmax,st,t*size);
              CausalKeyScan.vector6(q,k,v,y,buf,0,VL,R*VL,dk,dv,at,D,rows,kmax,g,t*size); } }
          else for (int c=0;c<L;c+=R) for (int t=0;t<blocks;t++) { int at=c*D+t*VL, rows=Math.min(R,L-c);
            switch (s) {
              case 0 -> CausalScan.vector6(q,k,v,at,D,y,at,D,rows,kmax,st,t*size);
              case 1 -> Reduce.vector6(k,v,at,D,rows,kmax,st,t*size);
              case 3 -> RatioMap.vector6(q,y,at,D,rows,st,t*size);
              case 4 -> QueryMap.vector6(q,gy,dq,at,D,rows,st,t*size,g,t*size);
              case 5 -> KeyMap.vector6(k,v,dk,dv,at,D,rows,kmax,st,t*size,g,t*size);
            } }
          long t1=mx.getCurrentThreadCpuTime(); if (rep>=6) acc[s]+=(t1-t0)/1e6/6;
        }
      }
      double vecs = (double) n / VL;
      for (int s=0;s<names.length;s++) System.out.printf("D=%-4d %-18s %7.2f cpu-ms  %6.1f ns per 8-lane row%n", D, names[s], acc[s], acc[s]*1e6/vecs);
    }
    System.exit(0);
  }
}
