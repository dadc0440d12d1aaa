tmpl='''package probe;
import dev.ea4j.backend.cpu.CpuPool;
import dev.ea4j.backend.cpu.ea.CpuEa;
import java.util.*;
/** Wall-clock ms per call, 2 threads (the shared pool), causal EA-p, B=1 L=4096 D=768: forward, training forward, backward. */
public class Probe4 {
  public static void main(String[] a) {
    int p = Integer.parseInt(a[0]), B=1, L=4096, D=768, n=B*L*D; CpuPool pool=CpuPool.shared();
    Random r=new Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n],gy=new float[n],dq=new float[n],dk=new float[n],dv=new float[n],saved=new float[4*n];
    for(int i=0;i<n;i++){q[i]=(float)(0.5*r.nextGaussian());k[i]=(float)(0.5*r.nextGaussian());v[i]=(float)(0.5*r.nextGaussian());gy[i]=(float)(0.5*r.nextGaussian());}
    int reps=21; double[][] t=new double[3][reps];
    for (int rep=0; rep<reps+30; rep++) {
      long t0=System.nanoTime();
      CpuEa.causalForward(q,k,v,y,B,L,D,p,pool,true);
      long t1=System.nanoTime();
      TRAIN
      long t2=System.nanoTime();
      BACKWARD
      long t3=System.nanoTime();
      if (rep>=30) { t[0][rep-30]=(t1-t0)/1e6; t[1][rep-30]=(t2-t1)/1e6; t[2][rep-30]=(t3-t2)/1e6; }
    }
    String[] names={"forward","training forward","backward"};
    for (int s=0;s<3;s++){ double[] c=t[s].clone(); Arrays.sort(c); System.out.printf("%s p=%d %-17s median %6.2f ms  min %6.2f%n", LABEL, p, names[s], c[reps/2], c[0]); }
    System.exit(0);
  }
}
'''
old=tmpl.replace('TRAIN','CpuEa.causalForward(q,k,v,y,B,L,D,p,pool,true);').replace('BACKWARD','CpuEa.causalBackward(q,k,v,y,gy,dq,dk,dv,saved,B,L,D,p,pool,true);').replace('LABEL','"old"')
new=tmpl.replace('TRAIN','CpuEa.causalTrainingForward(q,k,v,y,saved,B,L,D,p,pool,true);').replace('BACKWARD','CpuEa.causalBackward(q,k,v,y,gy,saved,dq,dk,dv,B,L,D,p,pool,true);').replace('LABEL','"new"')
import os; os.makedirs('old', exist_ok=True); os.makedirs('new', exist_ok=True); open('old/Probe4.java','w').write(old); open('new/Probe4.java','w').write(new)
