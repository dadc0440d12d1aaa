package dev.ea4j.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Backends;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite on every backend against the java reference (backends without a device are skipped), and on
 * backends with twins, that every task ran a twin.
 */
class ConformanceTest {

    static Stream<String> backends() {
        Set<String> names = new LinkedHashSet<>();
        names.add("java");
        names.add("cpu");
        for (Backend b : Backends.all()) names.add(b.name());
        names.add("opencl");
        return names.stream();
    }

    @ParameterizedTest(name = "backend {0}")
    @MethodSource("backends")
    void everyKernelMatchesTheReference(String backend) {
        Backend b = Backends.all().stream().filter(x -> x.name().equals(backend)).findFirst().orElse(null);
        Assumptions.assumeTrue(b != null, () -> "backend " + backend + " is not on the class path; skipped");
        Assumptions.assumeFalse(b.devices().isEmpty(), () -> "backend " + backend + " has no device here; skipped");
        Device d = b.devices().get(0);
        Report r = Conformance.run(d, null);
        String failures = r.results().stream().filter(c -> !c.passed()).limit(25).map(CaseResult::line)
                .collect(Collectors.joining("\n"));
        System.out.println(r.summary());
        assertTrue(r.passed(), r.summary() + "\n" + failures);
        if (b.twinIds().isEmpty()) return;
        // a backend with twins (cpu, opencl) has one for every kernel the suite runs: none may run the reference
        String fellBack = r.results().stream()
                .filter(c -> List.of(c.implementation().split("\\+")).contains(DeviceSession.REFERENCE))
                .limit(25).map(CaseResult::line).collect(Collectors.joining("\n"));
        assertTrue(fellBack.isEmpty(), backend + " ran the reference instead of a twin:\n" + fellBack);
    }
}
