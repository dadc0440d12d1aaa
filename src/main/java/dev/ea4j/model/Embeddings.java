package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.ModelKernels;
import java.util.List;

/**
 * Input embeddings: a value projection (time series, [B, L, C] -> [B, L, D]) or a token table
 * ([B, L] ids -> [B, L, D]), plus a fixed sinusoidal positional encoding pe[l, 2i] = sin(l / 10000^(2i/D)),
 * pe[l, 2i+1] = cos(...). Forecasting inputs may end with one-hot sampling-time channels
 * ({@link dev.ea4j.data.TimeFeatures}); the projection then adds a learned hour-of-day and day-of-week
 * embedding, W [x; onehot(hour); onehot(weekday)] = W_x x + E_hour[hour] + E_day[weekday], beside pe.
 * Streaming models ({@link TaskKind#STREAM_FORECAST}) have no positional encoding: their input is W x only.
 */
public final class Embeddings {

    private final String name;
    private final String taskId;
    private final int width;
    private final Linear values;
    private final Parameter table;
    private final int maxLength;
    private final boolean positioned;
    private final float[] positional;

    private Embeddings(String name, int width, int maxLength, boolean positioned, Linear values, Parameter table) {
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.width = width;
        this.values = values;
        this.table = table;
        this.maxLength = maxLength;
        this.positioned = positioned;
        // without an encoding, one zero row stands in for the table (every model has a resident table)
        this.positional = positioned ? sinusoidal(maxLength, width) : new float[width];
    }

    /** Value projection of C channels to width D, plus the positional encoding. */
    public static Embeddings values(String name, int channels, int width, int maxLength) {
        return values(name, channels, width, maxLength, true);
    }

    /** Value projection of C channels to width D, plus the positional encoding when {@code positioned}. */
    public static Embeddings values(String name, int channels, int width, int maxLength, boolean positioned) {
        return new Embeddings(name, width, maxLength, positioned, new Linear(name + ".value", channels, width), null);
    }

    /** Token table of V rows of width D. */
    public static Embeddings tokens(String name, int vocabulary, int width, int maxLength) {
        return new Embeddings(name, width, maxLength, true, null,
                Parameter.zeros(name + ".table", false, vocabulary, width));
    }

    /** Whether a positional encoding is added (then sequences are at most {@link #maxLength()} long). */
    public boolean positioned() {
        return positioned;
    }

    /** Trainable parameters. */
    public List<Parameter> parameters() {
        return values != null ? values.parameters() : List.of(table);
    }

    /** The constant positional table [maxLength, D] (transferred once, never trained); one zero row when none. */
    public float[] positional() {
        return positional;
    }

    /** Longest sequence the positional table covers. */
    public int maxLength() {
        return maxLength;
    }

    /** Binds to {@code shape}; {@code ids} is the token-id input buffer ([B*L]) for token embeddings. */
    public Stage bind(BatchShape shape, int[] ids) {
        if (positioned && shape.length() > maxLength()) {
            throw new IllegalArgumentException("sequence length " + shape.length() + " exceeds the model's maximum "
                    + maxLength());
        }
        return bind(shape, ids, positional);
    }

    /** Binds one decoding step of {@code batch} tokens at the position whose encoding the caller puts in {@code row} ([D]). */
    public Stage bindStep(int batch, int[] ids, float[] row) {
        return bind(new BatchShape(batch, 1, width), ids, row);
    }

    /** Copies the positional encoding of position {@code t} into {@code row} ([D]); no-op without an encoding. */
    public void positionRow(int t, float[] row) {
        if (!positioned) return;
        if (t >= maxLength()) throw new IllegalArgumentException("position " + t + " exceeds the model's maximum " + maxLength());
        System.arraycopy(positional, t * width, row, 0, width);
    }

    private Stage bind(BatchShape shape, int[] ids, float[] pe) {
        int rows = shape.rows(), B = shape.batch(), L = shape.length();
        Stage proj = values != null ? values.bind(rows) : null;
        return new Stage() {
            private final float[] looked = new float[rows * width];
            private final float[] out = new float[rows * width];

            @Override
            public float[] forward(TaskGraph g, float[] x) {
                float[] e = looked;
                if (proj != null) {
                    e = proj.forward(g, x);
                } else {
                    g.task(taskId + "_lookup", ModelKernels::embeddingLookup, ids, table.value(), looked, rows,
                            table.shape()[0], width);
                }
                if (!positioned) return e;
                g.task(taskId + "_positional", ModelKernels::addPositional, e, pe, out, B, L, width);
                return out;
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                // the positional table is fixed; d out / d e = identity
                if (proj != null) return proj.backward(g, gy, false);
                g.task(taskId + "_dtable", ModelKernels::embeddingBackward, ids, gy, table.grad(), rows,
                        table.shape()[0], width);
                return null;
            }
        };
    }

    static float[] sinusoidal(int maxLength, int width) {
        float[] pe = new float[maxLength * width];
        for (int l = 0; l < maxLength; l++) {
            for (int c = 0; c < width; c++) {
                double angle = l / Math.pow(10000.0, (c - c % 2) / (double) width);
                pe[l * width + c] = (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return pe;
    }
}
