package dev.ea4j.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Inverted dropout with a counter-based mask: element i of site {@code salt} is kept when
 * {@code hash(seed, salt, i) >>> 8 >= threshold} and then scaled by 2^24 / (2^24 - threshold), so the mask
 * needs no storage, the backward recomputes it, and every device draws the same one.
 */
public final class DropoutKernels {

    /** Masks are drawn as 24-bit integers; a threshold of {@code ONE} would drop everything. */
    public static final int ONE = 1 << 24;

    /** control[0]: the drop threshold in [0, 2^24) (0 = identity); control[1]: the step's seed. */
    public static final int CONTROL_LENGTH = 2;

    private DropoutKernels() {}

    /** y_i = keep_i x_i 2^24 / (2^24 - t), keep_i = [hash(seed, salt, i) >>> 8 >= t]; also the backward, on gy. */
    public static void dropout(float[] x, float[] y, int[] control, int salt, int n) {
        for (@Parallel int i = 0; i < n; i++) {
            int threshold = control[0];
            float scale = (float) ONE / (float) (ONE - threshold);
            int h = mix(mix(control[1] + salt * 0x9E3779B9) ^ i);
            y[i] = ((h >> 8) & 0xFFFFFF) >= threshold ? x[i] * scale : 0f;
        }
    }

    /** The drop threshold for rate r in [0, 1): round(r 2^24). */
    public static int threshold(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
        return (int) Math.round(rate * ONE);
    }

    /**
     * A 32-bit integer hash with full avalanche (lowbias32: xorshift-multiply, two rounds). Unsigned shifts are
     * written as {@code (x >> s) & mask}: TornadoVM 5.2 emits Java's {@code >>>} on int as OpenCL's arithmetic
     * {@code >>}, which would draw a different mask on that backend.
     */
    public static int mix(int x) {
        x ^= (x >> 16) & 0xFFFF;
        x *= 0x7feb352d;
        x ^= (x >> 15) & 0x1FFFF;
        x *= 0x846ca68b;
        x ^= (x >> 16) & 0xFFFF;
        return x;
    }
}
