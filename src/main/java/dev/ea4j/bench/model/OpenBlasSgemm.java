package dev.ea4j.bench.model;

import dev.ea4j.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenBLAS SGEMM baseline ({@code bench/native/run-sgemm.sh}) run as a subprocess: median GFLOP/s of
 * {@code cblas_sgemm} per layout at one shape and thread count (OPENBLAS_NUM_THREADS).
 */
public final class OpenBlasSgemm {

    private static final Pattern VARIANT = Pattern.compile(
            "\"(matmul|matmulTransposeB|matmulTransposeA)\": \\{\"median_s\": ([-0-9.eE+]+), \"min_s\": [-0-9.eE+]+, "
                    + "\"gflops\": ([-0-9.eE+]+)\\}");
    private static final Pattern CONFIG = Pattern.compile("\"config\": \"([^\"]*)\"");

    /** run-sgemm.sh's exit status when gcc, cblas.h or libopenblas is missing. */
    static final int MISSING_PREREQUISITE = 3;

    private final Path script;
    private final int warmup;
    private final int repeats;
    private final Map<String, Map<String, Double>> cache = new HashMap<>();
    private String config = "";

    /** Runs {@code script} with {@code warmup} untimed and {@code repeats} timed calls per layout. */
    public OpenBlasSgemm(Path script, int warmup, int repeats) {
        this.script = script;
        this.warmup = warmup;
        this.repeats = repeats;
    }

    /** Whether the script exists (gcc and libopenblas-dev are checked when it runs). */
    public boolean present() {
        return Files.isRegularFile(script);
    }

    /** OpenBLAS's build description from the last run (e.g. its core type). */
    public String config() {
        return config;
    }

    /**
     * Median GFLOP/s of {@code variant} (a DenseKernels matmul name) at c[M, N], depth K on {@code threads}
     * threads; the three layouts of a shape are measured by one run and cached.
     */
    public double gflops(String variant, int M, int N, int K, int threads) throws IOException {
        String key = M + "x" + N + "x" + K + "@" + threads;
        Map<String, Double> runs = cache.get(key);
        if (runs == null) {
            runs = run(M, N, K, threads);
            cache.put(key, runs);
        }
        Double g = runs.get(variant);
        if (g == null) throw new IOException("OpenBLAS output has no " + variant + " entry");
        return g;
    }

    /** Forgets measured shapes, so the next call measures again (beside a fresh ea4j timing). */
    public void clear() {
        cache.clear();
    }

    private Map<String, Double> run(int M, int N, int K, int threads) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), String.valueOf(M), String.valueOf(N),
                String.valueOf(K), String.valueOf(warmup), String.valueOf(repeats));
        pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(script + " took more than 600 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + script, e);
        }
        if (p.exitValue() == MISSING_PREREQUISITE) {
            // the script has named what is missing on stderr (gcc, libopenblas-dev): the user's machine, not a bug
            throw new InvalidInputException("the OpenBLAS baseline cannot run (" + script + ": see its error above); "
                    + "install what it names or pass --no-blas");
        }
        if (p.exitValue() != 0) throw new IOException(script + " failed with exit status " + p.exitValue());
        Map<String, Double> g = new HashMap<>();
        Matcher m = VARIANT.matcher(out);
        while (m.find()) g.put(m.group(1), Double.parseDouble(m.group(3)));
        Matcher c = CONFIG.matcher(out);
        if (c.find()) config = c.group(1);
        if (g.size() != 3) throw new IOException(script + " printed no result for all three layouts: " + out.strip());
        return g;
    }
}
