package dev.ea4j.backend.opencl;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-session scratch arrays for twins that need device temporaries (row statistics, partial sums). A
 * scratch array is a host array whose device buffer the session keeps; it is reused while big enough and
 * replaced (a new buffer) when a launch needs more.
 */
final class ScratchBuffers {

    private static final Map<OpenClSession, Map<String, float[]>> SCRATCH = new WeakHashMap<>();

    private ScratchBuffers() {}

    /** A float scratch array of at least {@code n} elements (at least 1) named {@code key} on session {@code s}. */
    static synchronized float[] floats(OpenClSession s, String key, int n) {
        Map<String, float[]> m = SCRATCH.computeIfAbsent(s, k -> new HashMap<>());
        float[] a = m.get(key);
        if (a == null || a.length < n) {
            a = new float[Math.max(1, n)];
            m.put(key, a);
        }
        return a;
    }
}
