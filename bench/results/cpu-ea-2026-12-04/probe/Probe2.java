package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.kernels.EaMath;
import java.lang.management.*;
import java.util.*;
public class Probe2 {
  public static void main(String[] a) {
    int L=4096, D=768, n=L*D, p=6, R=Integer.parseInt(a[0]), blocks=D/VL, size=Slots.count(p)*VL; float kmax=EaMath.keyClamp(p);
    Random r=new Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n],gy=new float[n],dq=new float[n],dk=new float[n],dv=new float[n],w=new float[2*n];
    for(int i=0;i<n;i++){q[i]=(float)r.nextGaussian();k[i]=(float)r.nextGaussian();v[i]=(float)r.nextGaussian();gy[i]=(float)r.nextGaussian();}
    ThreadMXBean mx=ManagementFactory.getThreadMXBean();
    String[] names={"CausalScan(fwd)","Reduce","QueryScan","KeyScan","RatioMap","QueryMap","KeyMap"};
    double[] acc=new double[names.length];
    for (int rep=0; rep<16; rep++) {
      for (int s=0; s<names.length; s++) {
        long t0=mx.getCurrentThreadCpuTime();
        float[] st=Slots.fresh(blocks, VL, p, Float.POSITIVE_INFINITY), g=Slots.fresh(blocks, VL, p, s==3?Float.NEGATIVE_INFINITY:0f);
        if (s==3) for (int c=(L-1)/R*R; c>=0; c-=R) for (int t=0;t<blocks;t++) CausalKeyScan.vector6(q,k,v,y,w,c*D+t*VL,D,n,dk,dv,c*D+t*VL,D,Math.min(R,L-c),kmax,g,t*size);
        else for (int c=0;c<L;c+=R) for (int t=0;t<blocks;t++) { int at=c*D+t*VL, rows=Math.min(R,L-c);
          switch (s) {
            case 0 -> CausalScan.vector6(q,k,v,at,D,y,at,D,rows,kmax,st,t*size);
            case 1 -> Reduce.vector6(k,v,at,D,rows,kmax,st,t*size);
            case 2 -> CausalQueryScan.vector6(q,k,v,y,gy,dq,w,at,D,n,at,D,rows,kmax,st,t*size);
            case 4 -> RatioMap.vector6(q,y,at,D,rows,st,t*size);
            case 5 -> QueryMap.vector6(q,gy,dq,at,D,rows,st,t*size,g,t*size);
            case 6 -> KeyMap.vector6(k,v,dk,dv,at,D,rows,kmax,st,t*size,g,t*size);
          } }
        long t1=mx.getCurrentThreadCpuTime(); if (rep>=8) acc[s]+=(t1-t0)/1e6/8;
      }
    }
    for (int s=0;s<names.length;s++) System.out.printf("%-16s %.2f cpu-ms (1 thread, EA-6, L=4096 D=768, R=%d)%n", names[s], acc[s], R);
    System.exit(0);
  }
}
