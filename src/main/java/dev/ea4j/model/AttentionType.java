package dev.ea4j.model;

/**
 * Which attention a model uses: {@code EA-p} (element-wise attention, Taylor degree p), {@code SA}
 * (softmax, H heads) or {@code LA} (linear attention with elu+1, H heads).
 *
 * @param family EA, SA or LA
 * @param order Taylor degree p for EA (even, >= 2); 0 otherwise
 */
public record AttentionType(Family family, int order) {

    /**
     * Attention families: element-wise (EA-p), softmax with recomputed scores (SA, O(L D) memory),
     * softmax keeping its L x L matrix like PyTorch eager (SA-eager, the paper's baseline), linear (LA).
     */
    public enum Family { EA, SA, SA_EAGER, LA }

    /** Validates the order. */
    public AttentionType {
        if (family == Family.EA && (order < 2 || order % 2 != 0 || order > dev.ea4j.kernels.EaMath.MAX_ORDER)) {
            throw new IllegalArgumentException("EA needs an even order p in [2, " + dev.ea4j.kernels.EaMath.MAX_ORDER
                    + "], got " + order);
        }
    }

    /** Parses {@code EA-6}, {@code EA-2}, {@code SA}, {@code LA} (case-insensitive). */
    public static AttentionType parse(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.equals("SA")) return new AttentionType(Family.SA, 0);
        if (t.equals("SA-EAGER")) return new AttentionType(Family.SA_EAGER, 0);
        if (t.equals("LA")) return new AttentionType(Family.LA, 0);
        if (t.startsWith("EA-")) {
            try {
                return new AttentionType(Family.EA, Integer.parseInt(t.substring(3)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "': use EA-<even p> (EA-2, EA-6), SA, SA-eager or LA");
    }

    /** Whether this attention splits the width into heads (SA, SA-eager and LA; EA works per channel). */
    public boolean hasHeads() {
        return family != Family.EA;
    }

    @Override
    public String toString() {
        return switch (family) {
            case EA -> "EA-" + order;
            case SA_EAGER -> "SA-eager";
            default -> family.name();
        };
    }
}
