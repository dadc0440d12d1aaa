package dev.ea4j.backend.cpu.ea;

import dev.ea4j.kernels.EaSeriesKernels;
import java.util.Arrays;

/**
 * Where a scan keeps a block's state between chunks of rows: slot i of the unit starting at {@code so} sits at
 * so + i * lanes, lanes = {@code VL} for a vector block and 1 for a scalar channel. Forward state: a_n S_n in
 * {@link #s}, a_n Z_n in {@link #z} (the Taylor coefficients are folded into the sums), the running shift m in
 * {@link #m}. Gradient state of the backward scans: the sums reaching S_n and Z_n (without a_n) in the same slots,
 * and in {@link #m} the shift of the row added last.
 */
final class Slots {

    private Slots() {}

    /** Slot of a_n S_n (or its gradient sum). */
    static int s(int n) {
        return n;
    }

    /** Slot of a_n Z_n (or its gradient sum). */
    static int z(int n, int p) {
        return p + 1 + n;
    }

    /** Slot of the shift. */
    static int m(int p) {
        return 2 * p + 2;
    }

    /** Slots per unit. */
    static int count(int p) {
        return 2 * p + 3;
    }

    /**
     * Writes the state of channels [c0, c0 + units * lanes) of batch b to {@code sums} [B, 2p+3, D] as
     * {@code EaSeriesKernels.trainingForward} lays them out: S_n and Z_n without a_n (a: the Taylor coefficients),
     * then the shift, in the order of this class's slots.
     */
    static void toSums(float[] st, int units, int lanes, int p, float[] a, float[] sums, int b, int c0, int D) {
        int size = count(p) * lanes, T = EaSeriesKernels.sumSlots(p);
        for (int u = 0; u < units; u++) {
            for (int l = 0; l < lanes; l++) {
                int so = u * size + l, c = c0 + u * lanes + l;
                for (int n = 0; n <= p; n++) {
                    sums[(b * T + s(n)) * D + c] = st[so + s(n) * lanes] / a[n];
                    sums[(b * T + z(n, p)) * D + c] = st[so + z(n, p) * lanes] / a[n];
                }
                sums[(b * T + m(p)) * D + c] = st[so + m(p) * lanes];
            }
        }
    }

    /** The inverse of {@link #toSums}: state for channels [c0, c0 + units * lanes) of batch b, a_n folded in. */
    static float[] fromSums(float[] sums, int units, int lanes, int p, float[] a, int b, int c0, int D) {
        int size = count(p) * lanes, T = EaSeriesKernels.sumSlots(p);
        float[] st = new float[units * size];
        for (int u = 0; u < units; u++) {
            for (int l = 0; l < lanes; l++) {
                int so = u * size + l, c = c0 + u * lanes + l;
                for (int n = 0; n <= p; n++) {
                    st[so + s(n) * lanes] = a[n] * sums[(b * T + s(n)) * D + c];
                    st[so + z(n, p) * lanes] = a[n] * sums[(b * T + z(n, p)) * D + c];
                }
                st[so + m(p) * lanes] = sums[(b * T + m(p)) * D + c];
            }
        }
        return st;
    }

    /** State for {@code units} units of {@code lanes} lanes: zero sums, shift {@code m0}. */
    static float[] fresh(int units, int lanes, int p, float m0) {
        int size = count(p) * lanes;
        float[] st = new float[units * size];
        for (int u = 0; u < units; u++) Arrays.fill(st, u * size + m(p) * lanes, (u + 1) * size, m0);
        return st;
    }
}
