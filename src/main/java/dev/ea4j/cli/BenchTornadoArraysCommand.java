package dev.ea4j.cli;

import dev.ea4j.backend.tornado.TornadoBackend;
import dev.ea4j.bench.RunFacts;
import dev.ea4j.bench.TornadoArrayBench;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ea4j bench tornado-arrays}: heap float[] against TornadoVM's off-heap FloatArray on one TornadoVM device. */
@Command(name = "tornado-arrays", mixinStandardHelpOptions = true,
        description = {"Times y += a x on a TornadoVM device with heap float[] and with TornadoVM's off-heap FloatArray,",
                "with copies in and out on every execution and with the data left on the device (medians, same run)."})
public final class BenchTornadoArraysCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "D", description = "A TornadoVM device, tornado:N. Default: ${DEFAULT-VALUE}.")
    String device = "tornado:0";

    @Option(names = "--n", description = "Floats per array. Default: ${DEFAULT-VALUE} (64 MiB).")
    int n = 1 << 24;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed runs of each. Default: ${DEFAULT-VALUE}.")
    int repeats = 10;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        if (n < 1) throw new Cli.UsageError("--n must be positive, got " + n);
        if (repeats < 1) throw new Cli.UsageError("--repeats must be at least 1, got " + repeats);
        TornadoArrayBench.Result r = TornadoArrayBench.run(device, TornadoBackend.tornadoDevice(device), n, 3, repeats);
        if (json) {
            System.out.println(r.toJson());
            return Cli.OK;
        }
        RunFacts f = RunFacts.collect();
        System.out.printf(Locale.ROOT, "y += a x, %d floats per array, on %s; medians of %d runs%n", n, device, repeats);
        System.out.printf(Locale.ROOT, "%-28s %14s %14s%n", "", "float[]", "FloatArray");
        System.out.printf(Locale.ROOT, "%-28s %11.3f ms %11.3f ms%n", "with copies in and out", r.heap().withCopies() * 1e3,
                r.offHeap().withCopies() * 1e3);
        System.out.printf(Locale.ROOT, "%-28s %11.3f ms %11.3f ms%n", "kernel only (data on device)",
                r.heap().kernelOnly() * 1e3, r.offHeap().kernelOnly() * 1e3);
        System.out.printf(Locale.ROOT, "commit %s  date %s  machine %s%n", f.commit(), f.date(), f.machine());
        return Cli.OK;
    }
}
