package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.kernels.EaMath;
import java.util.*;
/** One thread, one block of VL channels, rows contiguous (D = VL), in cache: ns per row of each EA-6 causal kernel. */
public class Lat {
  public static void main(String[] a) {
    int p = Integer.parseInt(a[0]), L = Integer.parseInt(a[1]), D = VL, n = L * D, CK = 64;
    float kmax = EaMath.keyClamp(p);
    Random r = new Random(1);
    float[] q=new float[n],k=new float[n],v=new float[n],y=new float[n],gy=new float[n],dq=new float[n],dk=new float[n],dv=new float[n];
    for(int i=0;i<n;i++){q[i]=(float)(0.5*r.nextGaussian());k[i]=(float)(0.5*r.nextGaussian());v[i]=(float)(0.5*r.nextGaussian());gy[i]=(float)(0.5*r.nextGaussian());}
    int size = Slots.count(p) * VL;
    float[] stash = CausalReplay.stash(VL);
    float[][] cks = new float[L / CK][];
    double[] tf = new double[31], tr = new double[31], tb = new double[31];
    for (int rep = 0; rep < 1000 + 31; rep++) {
      float[] st = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY);
      long t0 = System.nanoTime();
      for (int c = 0; c < L / CK; c++) {
        cks[c] = st.clone();
        if (p == 6) CausalScan.vector6(q, k, v, c * CK * D, D, y, c * CK * D, D, CK, kmax, st, 0);
        else CausalScan.vector2(q, k, v, c * CK * D, D, y, c * CK * D, D, CK, kmax, st, 0);
      }
      long t1 = System.nanoTime(), tre = 0;
      float[] g = Slots.fresh(1, VL, p, Float.NEGATIVE_INFINITY);
      for (int c = L / CK - 1; c >= 0; c--) {
        float[] s = cks[c].clone();
        long u0 = System.nanoTime();
        if (p == 6) CausalReplay.vector6(q, k, v, gy, dq, c * CK * D, D, CK, kmax, s, 0, stash);
        else CausalReplay.vector2(q, k, v, gy, dq, c * CK * D, D, CK, kmax, s, 0, stash);
        long u1 = System.nanoTime();
        tre += u1 - u0;
        if (p == 6) CausalBackwardScan.vector6(q, k, v, stash, dk, dv, c * CK * D, D, CK, kmax, g, 0);
        else CausalBackwardScan.vector2(q, k, v, stash, dk, dv, c * CK * D, D, CK, kmax, g, 0);
      }
      long t2 = System.nanoTime();
      if (rep >= 1000) { tf[rep-1000] = (t1-t0)/(double)L; tr[rep-1000] = tre/(double)L; tb[rep-1000] = (t2-t1-tre)/(double)L; }
    }
    // non-causal: Reduce + RatioMap (forward), QueryMap + KeyMap (backward)
    double[] nr = new double[31], nm = new double[31], nq = new double[31], nk = new double[31];
    for (int rep = 0; rep < 1000 + 31; rep++) {
      float[] st = Slots.fresh(1, VL, p, Float.POSITIVE_INFINITY), g = Slots.fresh(1, VL, p, 0f);
      long t0 = System.nanoTime();
      for (int c = 0; c < L / CK; c++) {
        if (p == 6) Reduce.vector6(k, v, c * CK * D, D, CK, kmax, st, 0); else Reduce.vector2(k, v, c * CK * D, D, CK, kmax, st, 0);
      }
      long t1 = System.nanoTime();
      for (int c = 0; c < L / CK; c++) {
        if (p == 6) RatioMap.vector6(q, y, c * CK * D, D, CK, st, 0); else RatioMap.vector2(q, y, c * CK * D, D, CK, st, 0);
      }
      long t2 = System.nanoTime();
      for (int c = 0; c < L / CK; c++) {
        if (p == 6) QueryMap.vector6(q, gy, dq, c * CK * D, D, CK, st, 0, g, 0); else QueryMap.vector2(q, gy, dq, c * CK * D, D, CK, st, 0, g, 0);
      }
      long t3 = System.nanoTime();
      for (int c = 0; c < L / CK; c++) {
        if (p == 6) KeyMap.vector6(k, v, dk, dv, c * CK * D, D, CK, kmax, st, 0, g, 0); else KeyMap.vector2(k, v, dk, dv, c * CK * D, D, CK, kmax, st, 0, g, 0);
      }
      long t4 = System.nanoTime();
      if (rep >= 1000) { int i = rep - 1000; nr[i] = (t1-t0)/(double)L; nm[i] = (t2-t1)/(double)L; nq[i] = (t3-t2)/(double)L; nk[i] = (t4-t3)/(double)L; }
    }
    Arrays.sort(nr); Arrays.sort(nm); Arrays.sort(nq); Arrays.sort(nk);
    Arrays.sort(tf); Arrays.sort(tr); Arrays.sort(tb);
    System.out.printf("EA-%d L=%d VL=%d ns per row of VL lanes, medians of 31: causal scan %.2f replay %.2f reverse %.2f"
        + " | non-causal Reduce %.2f RatioMap %.2f QueryMap %.2f KeyMap %.2f%n", p, L, VL, tf[15], tr[15], tb[15],
        nr[15], nm[15], nq[15], nk[15]);
  }
}
