package dev.ea4j.bench;

import java.util.Arrays;

/**
 * Checks that a fast variant's output agrees with the reference's before anything is timed. The measure is
 * normwise: {@code max|got - ref| <= rtol * max(max|ref|, 1e-30)}, and any NaN or infinity fails (outputs are
 * NaN-poisoned before the run, so a kernel that writes nothing fails too).
 */
public final class Agreement {

    private Agreement() {}

    /** Fills every array with NaN. */
    public static void poison(float[]... arrays) {
        for (float[] a : arrays) Arrays.fill(a, Float.NaN);
    }

    /**
     * Normwise relative difference {@code max|got - ref| / max|ref|}; {@code +inf} when either holds a NaN or
     * infinity or the lengths differ.
     */
    public static double relativeError(float[] ref, float[] got) {
        if (ref.length != got.length) return Double.POSITIVE_INFINITY;
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < ref.length; i++) {
            float r = ref[i], g = got[i];
            if (!Float.isFinite(r) || !Float.isFinite(g)) return Double.POSITIVE_INFINITY;
            maxDiff = Math.max(maxDiff, Math.abs((double) g - r));
            maxRef = Math.max(maxRef, Math.abs((double) r));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    /** Index of the first NaN or infinity in {@code a}, or -1. */
    public static int firstNonFinite(float[] a) {
        for (int i = 0; i < a.length; i++) if (!Float.isFinite(a[i])) return i;
        return -1;
    }

    /** Throws {@link IllegalStateException} naming {@code what} unless {@code got} agrees with {@code ref}. */
    public static void require(String what, float[] ref, float[] got, double rtol) {
        int badRef = firstNonFinite(ref);
        if (badRef >= 0) {
            throw new IllegalStateException(what + ": the reference output is not finite at index " + badRef
                    + " (" + ref[badRef] + "); is the kernel implemented?");
        }
        int badGot = firstNonFinite(got);
        if (badGot >= 0) {
            throw new IllegalStateException(what + ": output is not finite at index " + badGot + " (" + got[badGot]
                    + "); is the kernel implemented?");
        }
        double err = relativeError(ref, got);
        if (!(err <= rtol)) {
            throw new IllegalStateException(String.format("%s: disagrees with the reference: normwise relative error"
                    + " %.3g > %.3g", what, err, rtol));
        }
    }
}
