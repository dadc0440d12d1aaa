package dev.ea4j.backend.cpu.ea;
import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;
import dev.ea4j.backend.cpu.CpuVectorMath;
import dev.ea4j.kernels.EaMath;
import jdk.incubator.vector.*;
import java.lang.management.*;
import java.util.*;
/** Register pressure on AVX2: Reduce EA-6 (14 sums) against a 7-sum half and an exp-only loop, D=8 contiguous. */
public class RegisterPressure {
  static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  static void half(float[] k, float[] v, int at0, int D, int rows, float kmax, float[] st, int so) {
    FloatVector m = FloatVector.fromArray(S, st, so + Slots.m(6) * VL);
    FloatVector z0 = FloatVector.fromArray(S, st, so), z1 = FloatVector.fromArray(S, st, so + VL), z2 = FloatVector.fromArray(S, st, so + 2*VL),
      z3 = FloatVector.fromArray(S, st, so + 3*VL), z4 = FloatVector.fromArray(S, st, so + 4*VL), z5 = FloatVector.fromArray(S, st, so + 5*VL), z6 = FloatVector.fromArray(S, st, so + 6*VL);
    for (int r = 0, at = at0; r < rows; r++, at += D) {
      FloatVector kv = FloatVector.fromArray(S, k, at);
      FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
      FloatVector d = k2.sub(m);
      FloatVector x = CpuVectorMath.exp(d.abs().neg());
      VectorMask<Float> lower = d.compare(VectorOperators.LT, 0f);
      if (lower.anyTrue()) {
        FloatVector f = x.blend(ONE, lower.not());
        z0 = z0.mul(f); z1 = z1.mul(f); z2 = z2.mul(f); z3 = z3.mul(f); z4 = z4.mul(f); z5 = z5.mul(f); z6 = z6.mul(f);
        m = m.min(k2); x = x.blend(ONE, lower);
      }
      FloatVector kc = kv.max(-kmax).min(kmax);
      z0 = z0.add(x); x = x.mul(kc.mul(2f)); z1 = z1.add(x); x = x.mul(kc); z2 = z2.add(x);
      x = x.mul(kc.mul(2f / 3f)); z3 = z3.add(x); x = x.mul(kc.mul(0.5f)); z4 = z4.add(x);
      x = x.mul(kc.mul(0.4f)); z5 = z5.add(x); x = x.mul(kc.mul(1f / 3f)); z6 = z6.add(x);
    }
    m.intoArray(st, so + Slots.m(6) * VL);
    z0.intoArray(st, so); z1.intoArray(st, so+VL); z2.intoArray(st, so+2*VL); z3.intoArray(st, so+3*VL); z4.intoArray(st, so+4*VL); z5.intoArray(st, so+5*VL); z6.intoArray(st, so+6*VL);
  }
  static void expOnly(float[] k, int at0, int D, int rows, float[] st, int so) {
    FloatVector a = FloatVector.fromArray(S, st, so);
    for (int r = 0, at = at0; r < rows; r++, at += D) {
      FloatVector kv = FloatVector.fromArray(S, k, at);
      a = a.add(CpuVectorMath.exp(kv.mul(kv).neg()));
    }
    a.intoArray(st, so);
  }

  public static void main(String[] a) {
    int D = Integer.parseInt(a[0]), L = 4096*768/D, n=L*D, p=6, R=64, blocks=D/VL, size=Slots.count(p)*VL; float kmax=EaMath.keyClamp(p);
    Random r=new Random(1);
    float[] k=new float[n],v=new float[n];
    for(int i=0;i<n;i++){k[i]=(float)r.nextGaussian();v[i]=(float)r.nextGaussian();}
    ThreadMXBean mx=ManagementFactory.getThreadMXBean();
    String[] names={"Reduce.vector6","half (7 sums)","exp only"};
    double[] acc=new double[3];
    for (int rep=0; rep<14; rep++) for (int s=0;s<3;s++) {
      long t0=mx.getCurrentThreadCpuTime();
      float[] st=Slots.fresh(blocks, VL, p, Float.POSITIVE_INFINITY);
      for (int c=0;c<L;c+=R) for (int t=0;t<blocks;t++) { int at=c*D+t*VL, rows=Math.min(R,L-c);
        if (s==0) Reduce.vector6(k,v,at,D,rows,kmax,st,t*size); else if (s==1) half(k,v,at,D,rows,kmax,st,t*size); else expOnly(k,at,D,rows,st,t*size); }
      long t1=mx.getCurrentThreadCpuTime(); if (rep>=7) acc[s]+=(t1-t0)/1e6/7;
    }
    for (int s=0;s<3;s++) System.out.printf("D=%-4d %-16s %7.2f cpu-ms %6.1f ns/row%n", D, names[s], acc[s], acc[s]*1e6/(n/VL));
    System.exit(0);
  }
}
