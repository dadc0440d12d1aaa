package dev.ea4j.bench.model;

import dev.ea4j.graph.ImmutableTaskGraph;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Counts the bytes of every distinct array (by identity) that task graphs reference: what they keep alive on
 * the host, and what a device allocates buffers for. Payload bytes only (no object headers).
 */
public final class BufferCensus {

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private long bytes;

    /** Adds the arrays of {@code graphs} not counted yet; returns this. */
    public BufferCensus add(Collection<ImmutableTaskGraph> graphs) {
        for (ImmutableTaskGraph g : graphs) addArrays(g.arrays());
        return this;
    }

    /** Adds {@code arrays} not counted yet; returns this. */
    public BufferCensus addArrays(Collection<?> arrays) {
        for (Object a : arrays) if (seen.add(a)) bytes += bytesOf(a);
        return this;
    }

    /** Total payload bytes counted. */
    public long bytes() {
        return bytes;
    }

    /** Number of distinct arrays counted. */
    public int arrays() {
        return seen.size();
    }

    /** Payload bytes of one primitive array (arrays of arrays: the sum of their elements'). */
    public static long bytesOf(Object a) {
        return switch (a) {
            case float[] f -> 4L * f.length;
            case int[] i -> 4L * i.length;
            case double[] d -> 8L * d.length;
            case long[] l -> 8L * l.length;
            case byte[] b -> b.length;
            case short[] s -> 2L * s.length;
            case char[] c -> 2L * c.length;
            case boolean[] z -> z.length;
            case Object[] o -> {
                long sum = 0;
                for (Object x : o) if (x != null) sum += bytesOf(x);
                yield sum;
            }
            default -> throw new IllegalArgumentException("not an array: " + a.getClass());
        };
    }
}
