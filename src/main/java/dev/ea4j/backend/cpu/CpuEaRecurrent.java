package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuVectorMath.S;
import static dev.ea4j.backend.cpu.CpuVectorMath.VL;

import dev.ea4j.backend.TwinTable;
import dev.ea4j.kernels.EaMath;
import dev.ea4j.kernels.EaRecurrentKernels;
import dev.ea4j.kernels.EaSeriesSteps;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code cpu} twins of {@link dev.ea4j.kernels.EaRecurrentKernels}. State s, z: [B, D, p+1] (terms contiguous
 * per channel), m: [B, D]. The step vectorises across channels with gathers/scatters at stride p+1 and runs
 * on the calling thread when the state is small; prefill moves a chunk's state into the series scan's
 * scratch layout, scans the prompt, and writes it back.
 */
public final class CpuEaRecurrent {

    /** IDX[T][l] = l * T: the gather map of VL channels' term n at stride T. */
    private static final int[][] IDX = new int[EaMath.MAX_TERMS + 1][];

    static {
        for (int t = 1; t < IDX.length; t++) {
            IDX[t] = new int[VL];
            for (int l = 0; l < VL; l++) IDX[t][l] = l * t;
        }
    }

    private CpuEaRecurrent() {}

    static void register(TwinTable<CpuPool> t) {
        t.add(EaRecurrentKernels::reset, pool -> (s, z, m, B, D, p) -> reset(s, z, m, B, D, p));
        t.add(EaRecurrentKernels::decodeStep, pool -> (q, k, v, y, s, z, m, B, D, p) -> step(q, k, v, y, s, z, m, B, D,
                p, pool, VectorConfig.vectorized()));
        t.add(EaRecurrentKernels::prefill, pool -> (k, v, s, z, m, B, L, D, p) -> prefill(k, v, s, z, m, B, L, D, p,
                pool, VectorConfig.vectorized()));
    }

    /** Twin of {@code EaRecurrentKernels.reset}: s = z = 0, m = +inf (a fill; memory-bound, one thread). */
    public static void reset(float[] s, float[] z, float[] m, int B, int D, int p) {
        int n = B * D * (p + 1);
        Arrays.fill(s, 0, n, 0f);
        Arrays.fill(z, 0, n, 0f);
        Arrays.fill(m, 0, B * D, Float.POSITIVE_INFINITY);
    }

    /** Twin of {@code EaRecurrentKernels.decodeStep}. */
    public static void step(float[] q, float[] k, float[] v, float[] y, float[] s, float[] z, float[] m, int B,
                            int D, int p, CpuPool pool, boolean vector) {
        float[] a = new float[EaMath.MAX_TERMS];
        EaMath.coefficients(a, p);
        float kmax = EaMath.keyClamp(p);
        CpuVectorMath.segments(pool, 1, B * D, vector, (long) B * D * (p + 1) * 8,
                (b, c0, c1) -> stepRange(q, k, v, y, s, z, m, c0, c1, a, kmax, p, vector));
    }

    static void stepRange(float[] q, float[] k, float[] v, float[] y, float[] s, float[] z, float[] m, int c0,
                          int c1, float[] a, float kmax, int p, boolean vector) {
        int T = p + 1;
        int[] idx = IDX[T];
        int c = c0;
        if (vector) {
            for (; c + VL <= c1; c += VL) {
                FloatVector kv = FloatVector.fromArray(S, k, c);
                FloatVector vv = FloatVector.fromArray(S, v, c);
                FloatVector k2 = kv.mul(kv).min(Float.MAX_VALUE);
                FloatVector mv = FloatVector.fromArray(S, m, c);
                int base = c * T;
                if (k2.compare(VectorOperators.LT, mv).anyTrue()) {
                    FloatVector f = CpuVectorMath.exp(k2.sub(mv).min(0f));
                    for (int n = 0; n < T; n++) {
                        FloatVector.fromArray(S, s, base + n, idx, 0).mul(f).intoArray(s, base + n, idx, 0);
                        FloatVector.fromArray(S, z, base + n, idx, 0).mul(f).intoArray(z, base + n, idx, 0);
                    }
                    mv = mv.min(k2);
                    mv.intoArray(m, c);
                }
                FloatVector x = CpuVectorMath.exp(mv.sub(k2));
                FloatVector kc = kv.max(-kmax).min(kmax);
                FloatVector qv = FloatVector.fromArray(S, q, c);
                VectorMask<Float> small = qv.abs().compare(VectorOperators.LE, 1f);
                FloatVector r = qv.broadcast(1f).div(qv);
                FloatVector qp = qv.broadcast(1f);
                FloatVector numS = qv.broadcast(0f), denS = numS, numL = numS, denL = numS;
                for (int n = 0; n < T; n++) {
                    FloatVector sn = x.fma(vv, FloatVector.fromArray(S, s, base + n, idx, 0));
                    FloatVector zn = x.add(FloatVector.fromArray(S, z, base + n, idx, 0));
                    sn.intoArray(s, base + n, idx, 0);
                    zn.intoArray(z, base + n, idx, 0);
                    float an = a[n];
                    FloatVector wq = qp.mul(an);
                    numS = wq.fma(sn, numS);
                    denS = wq.fma(zn, denS);
                    numL = numL.fma(r, sn.mul(an));
                    denL = denL.fma(r, zn.mul(an));
                    x = x.mul(kc);
                    qp = qp.mul(qv);
                }
                FloatVector num = numL.blend(numS, small);
                FloatVector den = denL.blend(denS, small).max(EaMath.DEN_FLOOR);
                num.div(den).intoArray(y, c);
            }
        }
        for (; c < c1; c++) {
            int off = c * T;
            m[c] = EaSeriesSteps.shiftDown(k[c], m[c], s, off, z, off, p);
            EaSeriesSteps.accumulate(k[c], v[c], m[c], kmax, s, off, z, off, p);
            y[c] = EaMath.ratio(q[c], s, off, z, off, 1, a, p);
        }
    }

    /** Twin of {@code EaRecurrentKernels.prefill}: the EA package's reduce scan, continuing the state. */
    public static void prefill(float[] k, float[] v, float[] s, float[] z, float[] m, int B, int L, int D, int p,
                               CpuPool pool, boolean vector) {
        dev.ea4j.backend.cpu.ea.CpuEa.prefill(k, v, s, z, m, B, L, D, p, pool, vector);
    }
}
