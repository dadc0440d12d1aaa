package dev.ea4j.cli;

import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.bench.AttentionBench;
import dev.ea4j.bench.EaSeriesCase;
import dev.ea4j.bench.Progress;
import dev.ea4j.kernels.EaSeriesKernels;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ea4j bench}: benchmarks run from the command line. Results carry medians, the machine, the commit and
 * the date; {@code --json} prints exactly one JSON object on stdout. More scripts and JMH benchmarks: bench/.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (medians, with a roofline measured in the same run).",
        subcommands = {BenchCommand.Attention.class, BenchModelCommand.class, BenchTornadoArraysCommand.class,
                BenchMatmulCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a benchmark: attention, model, tornado-arrays, matmul");
    }

    /** {@code ea4j bench attention}: EA-series forward and forward+backward against copy bandwidth. */
    @Command(name = "attention", mixinStandardHelpOptions = true,
            description = {"Times EA-series forward and forward+backward through task graphs, and a parallel copy "
                    + "over the same bytes (16 per element) in the same run.",
                    "Reports medians, elements/s, GB/s and the forward's fraction of copy bandwidth."})
    public static final class Attention implements Callable<Integer> {

        /** Highest Taylor degree accepted (q^n overflows float long before that matters for scale-0.5 inputs). */
        static final int MAX_ORDER = 30;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--order", paramLabel = "P", description = "Taylor degree p, even (EA-2, EA-6). Default: ${DEFAULT-VALUE}.")
        int order = 6;

        @Option(names = "--causal", description = "Causal (prefix-sum) EA instead of non-causal.")
        boolean causal;

        @Option(names = "--B", paramLabel = "b", description = "Batch size. Default: ${DEFAULT-VALUE}.")
        int batch = 1;

        @Option(names = "--L", paramLabel = "l", description = "Sequence length. Default: ${DEFAULT-VALUE}.")
        int length = 4096;

        @Option(names = "--D", paramLabel = "d", description = "Channels. Default: ${DEFAULT-VALUE}.")
        int channels = 768;

        @Option(names = "--device", paramLabel = "D", description = "Device: cpu, java, ... Default: ${DEFAULT-VALUE}.")
        String device = "cpu";

        @Option(names = "--strict", description = "A missing device is an error instead of a loud fallback.")
        boolean strict;

        @Option(names = "--repeats", paramLabel = "N", description = "Timed runs of each. Default: ${DEFAULT-VALUE}.")
        int repeats = 10;

        @Option(names = "--warmup", paramLabel = "N",
                description = "Untimed runs before timing, at least; more until the JIT compiler has been idle for "
                        + "half a second (at most 20 s). Default: ${DEFAULT-VALUE}.")
        int warmup = 3;

        @Option(names = "--seed", description = "Input seed. Default: ${DEFAULT-VALUE}.")
        long seed = 42;

        @Option(names = "--no-check", negatable = false,
                description = "Skip the agreement check against the java reference (on the first "
                        + AttentionBench.CHECK_TOKENS + " tokens) before timing.")
        boolean noCheck;

        @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
        boolean json;

        @Override
        public Integer call() {
            validate();
            AttentionBench.Config c = new AttentionBench.Config(batch, length, channels, order, causal, device, strict,
                    warmup, repeats, seed, !noCheck);
            AttentionBench.Result r;
            try {
                r = AttentionBench.run(c, new Progress(System.err));
            } catch (DeviceNotFoundException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            } catch (IllegalStateException | UnsupportedOperationException e) {
                System.err.println("ea4j: error: " + e.getMessage());
                return 1;
            } catch (OutOfMemoryError e) {
                System.err.println("ea4j: error: out of memory; raise the heap with EA4J_JAVA_OPTS=-Xmx...");
                return 1;
            }
            if (json) System.out.println(r.toJson());
            else printTable(r);
            return 0;
        }

        private void validate() {
            if (order < 0 || order % 2 != 0 || order > MAX_ORDER) {
                fail("--order must be an even degree between 0 and " + MAX_ORDER + " (odd degrees make the weights "
                        + "negative), got " + order);
            }
            if (batch <= 0) fail("--B must be positive, got " + batch);
            if (length <= 0) fail("--L must be positive, got " + length);
            if (channels <= 0) fail("--D must be positive, got " + channels);
            if (repeats < 1) fail("--repeats must be at least 1, got " + repeats);
            if (warmup < 0) fail("--warmup must not be negative, got " + warmup);
            long n = (long) batch * length * channels;
            if (n > EaSeriesCase.MAX_ARRAY) {
                fail("B*L*D = " + n + " is too large: every tensor must fit one Java array ("
                        + EaSeriesCase.MAX_ARRAY + " elements)");
            }
            long need = AttentionBench.heapBytes(batch, length, channels, order, causal)
                    + (noCheck ? 0 : AttentionBench.heapBytes(batch, Math.min(length, AttentionBench.CHECK_TOKENS),
                    channels, order, causal) * 2);
            long max = Runtime.getRuntime().maxMemory();
            if (need > max * 0.9) {
                fail(String.format("B=%d L=%d D=%d needs about %.2f GiB of heap but the JVM may use %.2f GiB "
                        + "(raise it with EA4J_JAVA_OPTS=-Xmx...)", batch, length, channels, need / 1073741824.0,
                        max / 1073741824.0));
            }
        }

        private void fail(String message) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }

        private static void printTable(AttentionBench.Result r) {
            AttentionBench.Config c = r.config();
            System.out.printf("EA-%d %s  B=%d L=%d D=%d  on %s (%s)%n", c.p(), c.causal() ? "causal" : "non-causal",
                    c.B(), c.L(), c.D(), r.deviceId(), r.deviceDetails());
            System.out.printf("%d + %d warmup runs (until the JIT was quiet) and %d timed runs; checked against java "
                    + "reference: %s%n", r.fwdWarmupRuns(), r.fwdBwdWarmupRuns(), c.repeats(), r.checked() ? "yes" : "no");
            System.out.printf("%-22s %12s %12s %12s%n", "", "median", "min", "max");
            row("forward", r.fwd().median(), r.fwd().min(), r.fwd().max());
            row("forward+backward", r.fwdBwd().median(), r.fwdBwd().min(), r.fwdBwd().max());
            row("copy (16 B/element)", r.copy().stats().median(), r.copy().stats().min(), r.copy().stats().max());
            System.out.printf("elements/s (forward)   %12.4g%n", r.elementsPerSecond());
            System.out.printf("forward GB/s           %12.2f   (16 bytes per element)%n", r.fwdGbps());
            System.out.printf("copy GB/s, same bytes  %12.2f   (partly cache-resident)%n", r.copy().gbps());
            System.out.printf("copy GB/s, 512 MiB     %12.2f   (main memory, STREAM-style)%n", r.streamCopy().gbps());
            System.out.printf("roofline fraction      %12.3f   (forward GB/s / main-memory copy GB/s)%n", r.rooflineFraction());
            System.out.printf("same-bytes fraction    %12.3f   (forward GB/s / same-bytes copy GB/s)%n", r.sameBytesFraction());
            System.out.printf("paired fraction, fwd   %12.3f   (rounds of copy, forward, forward+backward: median of%n",
                    r.paired().fwdMedian());
            System.out.printf("paired fraction, f+b   %12.3f    16 and 28 B per element over the copy just before)%n",
                    r.paired().fwdBwdMedian());
            System.out.printf("commit %s  date %s  machine %s%n", r.facts().commit(), r.facts().date(), r.facts().machine());
        }

        private static void row(String name, double median, double min, double max) {
            System.out.printf("%-22s %9.3f ms %9.3f ms %9.3f ms%n", name, median * 1e3, min * 1e3, max * 1e3);
        }
    }
}
