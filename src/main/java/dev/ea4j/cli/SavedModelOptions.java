package dev.ea4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that run a saved model ({@code classify}, {@code forecast}): a picocli mixin. */
final class SavedModelOptions {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "saved model folder (runs/.../best)")
    Path modelDir;

    @Mixin
    DeviceOptions target = new DeviceOptions();
}
