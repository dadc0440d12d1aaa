package dev.ea4j.cli;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.verify.Case;
import dev.ea4j.verify.Conformance;
import dev.ea4j.verify.Report;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ea4j verify}: the conformance suite on one device against the {@code java} reference. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run every kernel on a device and on the java reference and compare (exit 0 all pass, "
                + "1 any mismatch, 2 bad input or missing device with --strict).")
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions target = new DeviceOptions();

    @Option(names = "--only", paramLabel = "TEXT", split = ",",
            description = "Run only the cases whose name contains one of these texts (e.g. EaSeriesKernels.forward,p=6).")
    List<String> only = List.of();

    @Override
    public Integer call() {
        Device d;
        try {
            d = Backends.select(target.device, target.strict, System.err);
        } catch (DeviceNotFoundException e) {
            return Cli.fail(e, System.err);
        }
        List<Case> cases = Conformance.cases().stream()
                .filter(c -> only.isEmpty() || only.stream().anyMatch(c.name()::contains)).toList();
        if (cases.isEmpty()) return Cli.fail(new Cli.UsageError("--only " + String.join(",", only) + " matches no case"), System.err);
        System.out.println("ea4j verify: " + cases.size() + " cases on " + d.id() + " (" + d.name() + ")"
                + " against the java reference");
        Report r = Conformance.run(d, cases, System.out);
        System.out.println(r.summary());
        System.err.println("ea4j: ran on " + d.id());
        return r.passed() ? Cli.OK : Cli.FAILURE;
    }
}
