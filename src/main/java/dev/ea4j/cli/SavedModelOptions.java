package dev.ea4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that run a saved model ({@code classify}, {@code forecast}): a picocli mixin. */
final class SavedModelOptions {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "saved model folder (runs/.../best)")
    Path modelDir;

    @Option(names = "--device", paramLabel = "D", description = "device or backend (default: the default device)")
    String device = "";

    @Option(names = "--strict", description = "a missing device is an error instead of a loud fallback")
    boolean strict;
}
