package dev.ea4j.bench.model;

/**
 * The paper's Figure 4 and 5 numbers (BERT-base, plain PyTorch, one A800-80GB), as read in EA-NOTES §8.2-8.3:
 * [V] printed point labels, [D] digitised from the plots.
 */
public final class PaperFigures {

    private PaperFigures() {}

    /** Fig. 4(a) lengths. */
    public static final int[] MEMORY_L = {2000, 3000, 4000, 5000, 6000, 7000};
    /** Fig. 4(a) [D]: training memory at BS 1 in GB; rows SA, EA-6, EA-2. */
    public static final String[] MEMORY_MODELS = {"SA", "EA-6", "EA-2"};
    /** Values of {@link #MEMORY_MODELS} over {@link #MEMORY_L}. */
    public static final double[][] MEMORY_GB = {
            {8.5, 15.4, 24.2, 36.7, 49.8, 66.3},
            {6.4, 8.7, 11.1, 13.4, 15.3, 17.6},
            {4.7, 6.2, 7.6, 8.9, 10.1, 11.4}};

    /** Fig. 4(b) [V] batch sizes. */
    public static final int[] BSL_BS = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    /** Fig. 4(b) [V]: max L per batch size (0: not shown); rows EA-2, EA-6, SA. */
    public static final String[] BSL_MODELS = {"EA-2", "EA-6", "SA"};
    /** Values of {@link #BSL_MODELS} over {@link #BSL_BS}. */
    public static final int[][] BSL_L = {
            {3626, 3868, 4144, 4463, 4835, 5275, 5802, 6447, 7253, 0, 0, 0, 0, 0, 0, 0},
            {2188, 2334, 2500, 2693, 2917, 3182, 3501, 3890, 4376, 5001, 5835, 7002, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 2131, 2250, 2383, 2542, 2693, 2928, 3231, 3639, 4246, 5254, 7530}};

    /** Fig. 4(c) [D]: throughput in tokens/s at the BS-L points, first and last (L, k tokens/s) of each series. */
    public static final String THROUGHPUT = "SA 30.0k at L=2131 -> 10.5k at 7530; EA-6 35.8k at 2188 -> 31.2k at 7002; "
            + "EA-2 56.7k at 3626 -> 51.7k at 7253";

    /** Fig. 5 lengths. */
    public static final int[] DECODE_L = {2000, 3000, 4000, 5000, 6000, 7000};
    /** Fig. 5(a) [D]: inference memory in GB, SA at BS 8, 16, 32, 64 (EA: about 0.45-0.54 GB, flat). */
    public static final double[][] DECODE_MEMORY_SA_GB = {
            {1.6, 2.1, 2.7, 3.2, 3.8, 4.3},
            {2.7, 3.8, 4.9, 6.0, 7.1, 8.2},
            {4.9, 7.1, 9.3, 11.5, 13.7, 15.9},
            {9.9, 13.7, 18.1, 22.5, 26.9, 31.2}};
    /** Batch sizes of the rows of {@link #DECODE_MEMORY_SA_GB} and {@link #DECODE_LATENCY_SA_S}. */
    public static final int[] DECODE_BS = {8, 16, 32, 64};
    /** Fig. 5(b) [D]: seconds to generate L tokens, SA at BS 8, 16, 32, 64 (midpoints of read ranges). */
    public static final double[][] DECODE_LATENCY_SA_S = {
            {14, 21, 30, 42, 55.1, 68.6},
            {14.5, 26.5, 39.9, 57.5, 77.9, 101.9},
            {23.7, 39.0, 64.8, 97.5, 137.3, 182.9},
            {33.2, 70.4, 120.4, 184.4, 261.0, 350.4}};
    /** Fig. 5(b) [D]: EA (any BS) seconds to generate L tokens, midpoints of read ranges. */
    public static final double[] DECODE_LATENCY_EA_S = {14.05, 20.9, 27.9, 34.65, 41.65, 48.7};
}
