package dev.ea4j.bench;

import dev.ea4j.backend.cpu.CpuPool;
import dev.ea4j.graph.ExecutionPlan;

/**
 * {@code ea4j bench attention}: times EA-series forward and forward+backward through task graphs on one
 * device, and the machine's parallel copy bandwidth over the same bytes in the same run, so the forward pass
 * can be read as a fraction of the memory roofline (16 bytes per element: q, k, v read, y written).
 */
public final class AttentionBench {

    /** Prefix length on which the device is checked against the java reference before timing. */
    public static final int CHECK_TOKENS = 512;
    /** Normwise relative tolerance of that check. */
    public static final double CHECK_RTOL = 2e-3;

    private AttentionBench() {}

    /**
     * What to run.
     *
     * @param B batch
     * @param L sequence length
     * @param D channels
     * @param p Taylor degree (even)
     * @param causal prefix sums instead of full sums
     * @param device device request ({@code cpu}, {@code java}, ...)
     * @param strict a missing device is an error instead of a fallback
     * @param warmup untimed runs before timing, at least; more until the JIT is quiet ({@link Timing#timeSteady})
     * @param repeats timed runs
     * @param seed input seed
     * @param check compare against the java reference on a prefix before timing
     */
    public record Config(int B, int L, int D, int p, boolean causal, String device, boolean strict, int warmup,
                         int repeats, long seed, boolean check) {}

    /**
     * What came out.
     *
     * @param config the run's configuration
     * @param deviceId the device that ran the tasks
     * @param deviceDetails its description
     * @param fwd forward times
     * @param fwdBwd forward+backward times
     * @param fwdWarmupRuns untimed runs taken before the forward timing
     * @param fwdBwdWarmupRuns untimed runs taken before the forward+backward timing
     * @param copy parallel copy over the same bytes as the forward's traffic (partly served by the L3 cache)
     * @param streamCopy parallel copy over arrays far larger than the caches (STREAM-style: main-memory bandwidth)
     * @param paired roofline fractions of rounds of (main-memory copy, forward, forward+backward) back to back
     * @param checked whether the agreement check ran (and passed)
     * @param facts commit, date, machine
     */
    public record Result(Config config, String deviceId, String deviceDetails, Timing.Stats fwd, Timing.Stats fwdBwd,
                         int fwdWarmupRuns, int fwdBwdWarmupRuns, CopyBandwidth.Result copy,
                         CopyBandwidth.Result streamCopy, PairedRoofline.Result paired, boolean checked,
                         RunFacts facts) {

        /** {@code B*L*D}. */
        public long elements() {
            return (long) config.B() * config.L() * config.D();
        }

        /** Elements per second of the forward pass at its median. */
        public double elementsPerSecond() {
            return elements() / fwd.median();
        }

        /** Forward GB/s at 16 bytes per element. */
        public double fwdGbps() {
            return 16.0 * elements() / fwd.median() / 1e9;
        }

        /** Forward GB/s over main-memory (STREAM-style) copy GB/s: the memory roofline. */
        public double rooflineFraction() {
            return fwdGbps() / streamCopy.gbps();
        }

        /** Forward GB/s over the copy of the same bytes (a stricter ceiling when the data partly fits in cache). */
        public double sameBytesFraction() {
            return fwdGbps() / copy.gbps();
        }

        /** One JSON object with every number and fact. */
        public Json toJson() {
            Config c = config;
            return new Json().put("bench", "attention").put("kernel", "ea_series")
                    .put("order", c.p()).put("causal", c.causal()).put("B", c.B()).put("L", c.L()).put("D", c.D())
                    .put("device", deviceId).put("device_details", deviceDetails)
                    .put("threads", CpuPool.shared().threads())
                    .put("warmup", c.warmup()).put("warmup_runs_fwd", fwdWarmupRuns)
                    .put("warmup_runs_fwdbwd", fwdBwdWarmupRuns).put("repeats", c.repeats()).put("seed", c.seed()).put("checked", checked)
                    .put("fwd_median_s", fwd.median()).put("fwd_min_s", fwd.min()).put("fwd_max_s", fwd.max())
                    .put("fwdbwd_median_s", fwdBwd.median()).put("fwdbwd_min_s", fwdBwd.min())
                    .put("fwdbwd_max_s", fwdBwd.max())
                    .put("elements_per_s", elementsPerSecond())
                    .put("fwdbwd_elements_per_s", elements() / fwdBwd.median())
                    .put("bytes_per_element", 16).put("fwd_gbps", fwdGbps())
                    .put("copy_gbps", copy.gbps()).put("copy_median_s", copy.stats().median())
                    .put("copy_bytes", copy.bytesPerCopy())
                    .put("stream_copy_gbps", streamCopy.gbps()).put("stream_copy_bytes", streamCopy.bytesPerCopy())
                    .put("roofline_fraction", rooflineFraction())
                    .put("same_bytes_fraction", sameBytesFraction())
                    .put("paired_roofline_fraction", paired.fwdMedian())
                    .put("paired_fwdbwd_roofline_fraction", paired.fwdBwdMedian())
                    .put("paired_fwd_fractions", paired.fwd()).put("paired_fwdbwd_fractions", paired.fwdBwd())
                    .put("fwd_runs_s", fwd.runs()).put("fwdbwd_runs_s", fwdBwd.runs())
                    .put("commit", facts.commit()).put("date", facts.date()).put("machine", facts.machine())
                    .put("os", facts.os()).put("java", facts.java());
        }
    }

    /** Elements per array of the main-memory copy: 2 x 2 arrays x 128 MiB = 512 MiB, far beyond any L3. */
    static final int STREAM_ELEMENTS = 32 << 20;

    /** Bytes the run allocates on the Java heap (the case's arrays; the copy reuses them). */
    public static long heapBytes(int B, int L, int D, int p, boolean causal) {
        return 4 * EaSeriesCase.floatsNeeded(B, L, D, p, causal) + 16L * STREAM_ELEMENTS;
    }

    /**
     * Runs the benchmark. Throws {@link IllegalStateException} when the device disagrees with the reference or
     * produces non-finite output.
     */
    public static Result run(Config c, Progress progress) {
        progress.expect(1e-9 * 40 * (long) c.B() * c.L() * c.D() * (c.p() + 1) * (c.warmup() + c.repeats()));
        EaSeriesCase ea = new EaSeriesCase(c.B(), c.L(), c.D(), c.p(), c.causal(), c.seed(), 0.5);
        try (ExecutionPlan fwd = new ExecutionPlan(ea.forwardGraph("ea_fwd")).withDevice(c.device()).withStrict(c.strict());
             ExecutionPlan fwdBwd = new ExecutionPlan(ea.forwardBackwardGraph("ea_fwdbwd")).withDevice(c.device())
                     .withStrict(c.strict())) {
            String dev = fwd.device().id();
            boolean checked = false;
            if (c.check() && !fwd.device().backend().equals("java")) {
                progress.note("checking " + dev + " against the java reference on " + Math.min(c.L(), CHECK_TOKENS) + " tokens");
                ea.prefix(CHECK_TOKENS).requireAgreement(dev, CHECK_RTOL);
                checked = true;
            }

            Agreement.poison(ea.y);
            double first = Timing.once(() -> fwd.execute().transferToHost(ea.y));
            requireFinite("forward y", ea.y);
            progress.expect(first * (c.warmup() + c.repeats()) * 4);
            progress.note(String.format("timing forward: %d+ warmup (until the JIT is quiet) + %d repeats, "
                    + "first run %.3f s", c.warmup(), c.repeats(), first));
            Timing.Steady tf = Timing.timeSteady(c.warmup(), c.repeats(), fwd::execute);

            Agreement.poison(ea.dq, ea.dk, ea.dv);
            double firstB = Timing.once(() -> fwdBwd.execute().transferToHost(ea.y, ea.dq, ea.dk, ea.dv));
            requireFinite("backward dq", ea.dq);
            requireFinite("backward dk", ea.dk);
            requireFinite("backward dv", ea.dv);
            progress.note(String.format("timing forward+backward: %d+ warmup (until the JIT is quiet) + %d repeats, "
                    + "first run %.3f s", c.warmup(), c.repeats(), firstB));
            Timing.Steady tb = Timing.timeSteady(c.warmup(), c.repeats(), fwdBwd::execute);

            // Copy q, k into dq, dk: 8 bytes read + 8 written per element, the forward's 16 bytes of traffic.
            progress.note("timing parallel copy over the same bytes");
            CopyBandwidth.Result copy = CopyBandwidth.measure(new float[][] {ea.q, ea.k}, new float[][] {ea.dq, ea.dk},
                    c.warmup(), c.repeats(), CpuPool.shared());
            progress.note("timing parallel copy over " + (STREAM_ELEMENTS * 16L >> 20) + " MiB (main memory)");
            float[][] src = new float[2][STREAM_ELEMENTS], dst = new float[2][STREAM_ELEMENTS];
            for (float[] a : src) java.util.Arrays.fill(a, 1f);
            CopyBandwidth.Result stream = CopyBandwidth.measure(src, dst, 2, Math.max(5, c.repeats() / 2),
                    CpuPool.shared());
            progress.note("timing " + c.repeats() + " rounds of main-memory copy, forward, forward+backward");
            PairedRoofline.Result paired = PairedRoofline.measure(c.repeats(), ea.B * (long) ea.L * ea.D,
                    () -> CopyBandwidth.copyOnce(src, dst, CpuPool.shared()), stream.bytesPerCopy(), fwd::execute,
                    fwdBwd::execute);
            progress.note("done");
            return new Result(c, dev, fwd.device().name() + "; " + fwd.device().details(), tf.stats(), tb.stats(),
                    tf.warmupRuns(), tb.warmupRuns(), copy, stream, paired, checked, RunFacts.collect());
        }
    }

    private static void requireFinite(String what, float[] a) {
        int bad = Agreement.firstNonFinite(a);
        if (bad >= 0) {
            throw new IllegalStateException(what + " is not finite at index " + bad + " (" + a[bad]
                    + ") after one run; is the kernel implemented?");
        }
    }
}
