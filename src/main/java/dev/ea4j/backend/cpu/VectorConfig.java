package dev.ea4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector width for the {@code cpu} backend, from system property {@code ea4j.vector.bits}: 0 selects
 * the scalar twins (for testing), 128/256/512 a fixed width; unset = the platform's preferred width.
 */
public final class VectorConfig {

    /** System property that sets the vector width in bits (0 = scalar). */
    public static final String PROPERTY = "ea4j.vector.bits";

    /** The float species the vector twins use; {@code null} when scalar is selected. */
    public static final VectorSpecies<Float> FLOATS = species();

    private VectorConfig() {}

    /** True when the vector twins run, false for the scalar twins. */
    public static boolean vectorized() {
        return FLOATS != null;
    }

    /** Lanes per vector, 1 when scalar. */
    public static int lanes() {
        return FLOATS == null ? 1 : FLOATS.length();
    }

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty(PROPERTY, "").trim();
        if (bits.isEmpty()) return FloatVector.SPECIES_PREFERRED;
        return switch (bits) {
            case "0" -> null;
            case "64" -> FloatVector.SPECIES_64;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(PROPERTY + " must be 0, 64, 128, 256 or 512, got " + bits);
        };
    }

    /** The shape name for reports, e.g. {@code S_512_BIT} or {@code scalar}. */
    public static String describe() {
        return FLOATS == null ? "scalar" : VectorShape.forBitSize(FLOATS.vectorBitSize()) + " (" + FLOATS.length() + " lanes)";
    }
}
