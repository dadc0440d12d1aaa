package dev.ea4j.cli;

import dev.ea4j.backend.Backend;
import dev.ea4j.backend.Backends;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceNotFoundException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ea4j devices}: every backend and its devices; the default device is marked with {@code *}. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List backends and devices; '*' marks the default (override with --device or -Dea4j.device).")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PrintStream out = System.out;
        String def = null;
        try {
            def = Backends.select("", false, System.err).id();
        } catch (DeviceNotFoundException e) {
            System.err.println("ea4j: warning: " + e.getMessage());
        }
        for (Backend b : Backends.all()) {
            List<Device> ds = b.devices();
            String none = b.unavailableReason().isBlank() ? "no devices present" : "no devices: " + b.unavailableReason();
            out.printf(Locale.ROOT, "backend %s (rank %d): %s%n", b.name(), b.rank(),
                    ds.isEmpty() ? none : ds.size() + (ds.size() == 1 ? " device" : " devices"));
            for (Device d : ds) {
                boolean isDefault = d.id().equals(def);
                out.printf(Locale.ROOT, "  %s %-10s %s%n", isDefault ? "*" : " ", d.id(), d.name()
                        + (isDefault ? "  (default)" : ""));
                out.printf(Locale.ROOT, "    memory %s, compute units %d, %s%n", bytes(d.memoryBytes()),
                        d.computeUnits(), d.details());
            }
        }
        return Cli.OK;
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        return n + " B";
    }
}
