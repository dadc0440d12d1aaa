package dev.ea4j.cli;

import picocli.CommandLine.Option;

/** {@code --device} and {@code --strict}, shared by the commands that run on a device: a picocli mixin. */
final class DeviceOptions {

    @Option(names = "--device", paramLabel = "D",
            description = "device or backend (cpu, java, opencl, cpu:0, opencl:1); default: the default device")
    String device = "";

    @Option(names = "--strict", description = "a missing device is an error (exit 2) instead of a loud fallback")
    boolean strict;
}
