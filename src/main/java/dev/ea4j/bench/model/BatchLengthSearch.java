package dev.ea4j.bench.model;

import dev.ea4j.model.AttentionType;
import java.util.ArrayList;
import java.util.List;

/**
 * BS-L curves (the paper's Figure 4b): for each batch size, the longest L whose training step fits a memory
 * budget, found by bisection on the exact dry-run {@link MemoryAccounting} (nothing is allocated). A step also
 * has to fit Java's array limit (2^31 - 1 elements in one array), which caps SA-eager's stored softmax.
 */
public final class BatchLengthSearch {

    /** Longest length searched. */
    public static final int MAX_LENGTH = 1 << 24;

    private BatchLengthSearch() {}

    /**
     * One point of a curve.
     *
     * @param model the attention
     * @param batch B
     * @param maxLength the longest L that fits, 0 when not even L = 1 fits
     * @param bytes the step's bytes at that L
     * @param limitedBy {@code budget}, {@code java-array} (the largest array hit 2^31 - 1) or {@code search-cap}
     */
    public record Point(AttentionType model, int batch, int maxLength, long bytes, String limitedBy) {

        /** Tokens per step at this point, B * L. */
        public long tokens() {
            return (long) batch * maxLength;
        }
    }

    /** The curve of {@code model} over {@code batches} under {@code budget} bytes. */
    public static List<Point> curve(ModelPreset preset, AttentionType model, List<Integer> batches, long budget) {
        List<Point> out = new ArrayList<>();
        for (int b : batches) out.add(point(preset, model, b, budget));
        return out;
    }

    /** The longest L for batch {@code b}. */
    public static Point point(ModelPreset preset, AttentionType model, int b, long budget) {
        int lo = 0, hi = MAX_LENGTH; // fits(lo) holds (vacuously for 0); find the largest fitting L
        if (fits(preset, model, b, hi, budget)) return new Point(model, b, hi, bytes(preset, model, b, hi), "search-cap");
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            if (fits(preset, model, b, mid, budget)) lo = mid;
            else hi = mid;
        }
        if (lo == 0) return new Point(model, b, 0, 0, "budget");
        MemoryAccounting.Train next = MemoryAccounting.train(preset.config(model, lo + 1), b, lo + 1);
        String why = next.fitsJavaArrays() && !overflowsInt(b, lo + 1, preset) ? "budget" : "java-array";
        return new Point(model, b, lo, bytes(preset, model, b, lo), why);
    }

    private static boolean fits(ModelPreset p, AttentionType model, int b, int L, long budget) {
        if (overflowsInt(b, L, p)) return false;
        MemoryAccounting.Train t = MemoryAccounting.train(p.config(model, L), b, L);
        return t.fitsJavaArrays() && t.total() <= budget;
    }

    /** Whether B*L*4D (the FFN activations) or B*L*V (the logits) overflows the int sizes the layers use. */
    private static boolean overflowsInt(int b, int L, ModelPreset p) {
        long rows = (long) b * L;
        return rows * 4 * p.width() > Integer.MAX_VALUE - 8 || rows * p.vocab() > Integer.MAX_VALUE - 8;
    }

    private static long bytes(ModelPreset p, AttentionType model, int b, int L) {
        return MemoryAccounting.train(p.config(model, L), b, L).total();
    }
}
