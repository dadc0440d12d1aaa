package dev.ea4j.model;

/**
 * Everything that fixes a model's architecture (saved next to checkpoints as JSON).
 *
 * @param task what the model predicts
 * @param attention EA-p, SA or LA
 * @param causal causal attention
 * @param inputs input channels C (time series) or vocabulary size V (tokens)
 * @param width model width D
 * @param layers number of blocks
 * @param heads heads for SA and LA
 * @param outputs classes, horizon * C (forecast), or V (next token)
 * @param maxLength longest sequence (positional table, forecast input length)
 * @param preNorm Pre-LN instead of the paper's Post-LN
 * @param dropout the training graphs' dropout rate in [0, 1) (0: none; inference never drops)
 * @param head classification's head ({@link ClassifierHead#MEAN} where null, as in configs saved before it existed);
 *     other tasks ignore it
 */
public record ModelConfig(TaskKind task, AttentionType attention, boolean causal, int inputs, int width, int layers,
                          int heads, int outputs, int maxLength, boolean preNorm, double dropout, ClassifierHead head) {

    /** A model without dropout. */
    public ModelConfig(TaskKind task, AttentionType attention, boolean causal, int inputs, int width, int layers,
                       int heads, int outputs, int maxLength, boolean preNorm) {
        this(task, attention, causal, inputs, width, layers, heads, outputs, maxLength, preNorm, 0, ClassifierHead.MEAN);
    }

    /** A model with the mean-pooling classifier head. */
    public ModelConfig(TaskKind task, AttentionType attention, boolean causal, int inputs, int width, int layers,
                       int heads, int outputs, int maxLength, boolean preNorm, double dropout) {
        this(task, attention, causal, inputs, width, layers, heads, outputs, maxLength, preNorm, dropout,
                ClassifierHead.MEAN);
    }

    /** Validates sizes. */
    public ModelConfig {
        if (head == null) head = ClassifierHead.MEAN;
        if (inputs < 1 || width < 1 || layers < 0 || heads < 1 || outputs < 1 || maxLength < 1) {
            throw new IllegalArgumentException("model sizes must be positive: " + this);
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    /** This architecture trained with dropout rate {@code rate}. */
    public ModelConfig withDropout(double rate) {
        return new ModelConfig(task, attention, causal, inputs, width, layers, heads, outputs, maxLength, preNorm, rate,
                head);
    }

    /** Whether the head reads the blocks' output flattened, [B, L * D] (forecasting, the flatten classifier). */
    public boolean flattensOutput() {
        return task == TaskKind.FORECAST || (task == TaskKind.CLASSIFICATION && head == ClassifierHead.FLATTEN);
    }
}
