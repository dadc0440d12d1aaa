package dev.ea4j.api;

import java.util.Arrays;

/**
 * Argument validation for layers, the attention facade and the CLI. Kernels never check their arguments;
 * these methods run once, before any task graph is built. Every failure is an {@link InvalidInputException}
 * with a one-line message naming the argument and the problem.
 */
public final class Checks {

    private Checks() {}

    /**
     * The sizes of an attention input: {@code B} sequences of {@code L} tokens with {@code D} channels.
     *
     * @param B batch size (1 for a rank-2 input)
     * @param L sequence length
     * @param D channels
     * @param rank 2 for an {@code [L, D]} input, 3 for {@code [B, L, D]}
     */
    public record Dims(int B, int L, int D, int rank) {
        /** Elements in one array of these dims. */
        public int size() {
            return B * L * D;
        }

        /** The shape with the input's rank: {@code [L, D]} or {@code [B, L, D]}. */
        public int[] shape() {
            return rank == 2 ? new int[] {L, D} : new int[] {B, L, D};
        }
    }

    /** Accepts an even Taylor degree {@code p >= 2}; odd degrees make the weights negative somewhere. */
    public static int order(int p) {
        if (p < 0) throw new InvalidInputException("order p = " + p + " is negative; use an even p >= 2 (e.g. 2 or 6)");
        if (p % 2 != 0) {
            throw new InvalidInputException("order p = " + p + " is odd; odd Taylor degrees give negative attention"
                    + " weights, use an even p >= 2 (e.g. 2 or 6)");
        }
        if (p == 0) throw new InvalidInputException("order p = 0 is degenerate (constant weights); use an even p >= 2");
        if (p > 64) throw new InvalidInputException("order p = " + p + " is too large; use an even p in [2, 64]");
        return p;
    }

    /** Reads {@code [L, D]} or {@code [B, L, D]} from {@code shape}; every dimension must be at least 1. */
    public static Dims shape(String name, int[] shape) {
        if (shape.length != 2 && shape.length != 3) {
            throw new InvalidInputException(name + " has shape " + Arrays.toString(shape)
                    + "; expected [L, D] or [B, L, D]");
        }
        int r = shape.length;
        int B = r == 3 ? shape[0] : 1, L = shape[r - 2], D = shape[r - 1];
        if (B < 1) throw new InvalidInputException(name + " has batch size B = " + B + "; need B >= 1");
        if (L < 1) throw new InvalidInputException(name + " has sequence length L = " + L + "; need L >= 1");
        if (D < 1) throw new InvalidInputException(name + " has D = " + D + " channels; need D >= 1");
        if ((long) B * L * D > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(name + " with shape " + Arrays.toString(shape) + " is too large");
        }
        return new Dims(B, L, D, r);
    }

    /** Positive sizes whose product fits in an array. */
    public static Dims dims(int B, int L, int D) {
        return shape("input", new int[] {B, L, D});
    }

    /** {@code shape} must equal {@code expected} (the shape of {@code expectedName}). */
    public static void sameShape(String name, int[] shape, String expectedName, int[] expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new InvalidInputException(name + " has shape " + Arrays.toString(shape) + " but " + expectedName
                    + " has shape " + Arrays.toString(expected) + "; they must match");
        }
    }

    /** {@code a} must hold exactly {@code dims.size()} elements. */
    public static void length(String name, float[] a, Dims dims) {
        if (a == null) throw new InvalidInputException(name + " is null");
        if (a.length != dims.size()) {
            throw new InvalidInputException(name + " has " + a.length + " elements; [B, L, D] = [" + dims.B() + ", "
                    + dims.L() + ", " + dims.D() + "] needs " + dims.size());
        }
    }

    /** Every value of {@code a} must be finite; names the first bad index (as a multi-index of {@code shape}). */
    public static void finite(String name, float[] a, int[] shape) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new InvalidInputException(name + " has a non-finite value " + a[i] + " at index "
                        + Arrays.toString(unravel(i, shape)) + "; all values must be finite");
            }
        }
    }

    /** {@code H >= 1} heads that divide the {@code D} channels. */
    public static int heads(int H, int D) {
        if (H < 1) throw new InvalidInputException("heads H = " + H + "; need H >= 1");
        if (D % H != 0) {
            throw new InvalidInputException("heads H = " + H + " does not divide D = " + D + " channels");
        }
        return H;
    }

    /** The multi-index of flat index {@code i} in a C-order array of {@code shape}. */
    public static int[] unravel(int i, int[] shape) {
        if (shape == null || shape.length == 0) return new int[] {i};
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            int s = Math.max(shape[d], 1);
            idx[d] = i % s;
            i /= s;
        }
        return idx;
    }
}
