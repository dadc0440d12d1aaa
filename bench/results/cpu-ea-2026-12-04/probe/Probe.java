package dev.ea4j.backend.cpu.ea;
import dev.ea4j.backend.cpu.CpuPool;
import java.util.*;
import java.lang.management.*;
public class Probe {
  static long cpu(ThreadMXBean mx) { long s=0; for (long id : mx.getAllThreadIds()) { long c=mx.getThreadCpuTime(id); if (c>0) s+=c; } return s; }
  public static void main(String[] a) {
    int B=1,L=Integer.parseInt(a[0]),D=768,n=B*L*D, p=Integer.parseInt(a[1]); boolean causal = a[2].equals("c"); int reps = Integer.parseInt(a[3]);
    Random r=new Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n],gy=new float[n],dq=new float[n],dk=new float[n],dv=new float[n],w=new float[2*n];
    for(int i=0;i<n;i++){q[i]=(float)r.nextGaussian();k[i]=(float)r.nextGaussian();v[i]=(float)r.nextGaussian();gy[i]=(float)r.nextGaussian();}
    CpuPool pool=CpuPool.shared();
    double[] tf=new double[reps], tb=new double[reps]; double cf=0, cb=0; ThreadMXBean mx=ManagementFactory.getThreadMXBean();
    for(int i=0;i<reps;i++){
      long u0=cpu(mx); long t0=System.nanoTime();
      if (causal) CpuEa.causalForward(q,k,v,y,B,L,D,p,pool,true); else CpuEa.forward(q,k,v,y,B,L,D,p,pool,true);
      long t1=System.nanoTime(); long u1=cpu(mx);
      if (causal) CpuEa.causalBackward(q,k,v,y,gy,dq,dk,dv,w,B,L,D,p,pool,true); else CpuEa.backward(q,k,v,gy,dq,dk,dv,B,L,D,p,pool,true);
      long t2=System.nanoTime(); long u2=cpu(mx); if (i >= reps/2) { cf+=(u1-u0)/1e6; cb+=(u2-u1)/1e6; } tf[i]=(t1-t0)/1e6; tb[i]=(t2-t1)/1e6;
    }
    Arrays.sort(tf); Arrays.sort(tb);
    int h = reps - reps/2;
    System.out.printf("p=%d %s wall fwd median %.2f min %.2f | bwd median %.2f min %.2f | cpu-ms per call (last half) fwd %.2f bwd %.2f%n", p, a[2], tf[reps/2], tf[0], tb[reps/2], tb[0], cf/h, cb/h);
    System.exit(0);
  }
}
