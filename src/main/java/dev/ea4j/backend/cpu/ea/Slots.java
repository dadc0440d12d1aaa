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
     * Writes the state of channels [c0, c0 + units * lanes) to {@code sums} at {@code row} of a [rows, 2p+3, D]
     * array laid out as {@code EaSeriesKernels.trainingForward}'s sums (row = b) and
     * {@code EaSeriesKernels.causalTrainingForward}'s checkpoints: S_n and Z_n without a_n (a: the Taylor
     * coefficients), then the shift, in the order of this class's slots.
     */
    static void toSums(float[] st, int units, int lanes, int p, float[] a, float[] sums, int row, int c0, int D) {
        int size = count(p) * lanes;
        for (int u = 0; u < units; u++) store(st, u * size, lanes, p, a, sums, row, c0 + u * lanes, D);
    }

    /** The inverse of {@link #toSums}: state for channels [c0, c0 + units * lanes) at {@code row}, a_n folded in. */
    static float[] fromSums(float[] sums, int units, int lanes, int p, float[] a, int row, int c0, int D) {
        int size = count(p) * lanes;
        float[] st = new float[units * size];
        for (int u = 0; u < units; u++) load(sums, row, c0 + u * lanes, D, lanes, p, a, st, u * size);
        return st;
    }

    /** {@link #toSums} for one unit at st[so..]: channels [c, c + lanes). */
    static void store(float[] st, int so, int lanes, int p, float[] a, float[] sums, int row, int c, int D) {
        int T = EaSeriesKernels.sumSlots(p);
        for (int l = 0; l < lanes; l++) {
            for (int n = 0; n <= p; n++) {
                sums[(row * T + s(n)) * D + c + l] = st[so + s(n) * lanes + l] / a[n];
                sums[(row * T + z(n, p)) * D + c + l] = st[so + z(n, p) * lanes + l] / a[n];
            }
            sums[(row * T + m(p)) * D + c + l] = st[so + m(p) * lanes + l];
        }
    }

    /** {@link #fromSums} for one unit into st[so..]: channels [c, c + lanes). */
    static void load(float[] sums, int row, int c, int D, int lanes, int p, float[] a, float[] st, int so) {
        int T = EaSeriesKernels.sumSlots(p);
        for (int l = 0; l < lanes; l++) {
            for (int n = 0; n <= p; n++) {
                st[so + s(n) * lanes + l] = a[n] * sums[(row * T + s(n)) * D + c + l];
                st[so + z(n, p) * lanes + l] = a[n] * sums[(row * T + z(n, p)) * D + c + l];
            }
            st[so + m(p) * lanes + l] = sums[(row * T + m(p)) * D + c + l];
        }
    }

    /** State for {@code units} units of {@code lanes} lanes: zero sums, shift {@code m0}. */
    static float[] fresh(int units, int lanes, int p, float m0) {
        int size = count(p) * lanes;
        float[] st = new float[units * size];
        for (int u = 0; u < units; u++) Arrays.fill(st, u * size + m(p) * lanes, (u + 1) * size, m0);
        return st;
    }
}
