package dev.ea4j.cli;

import picocli.CommandLine.Command;

/** TODO(skeleton): the {@code devices} subcommand. */
@Command(name = "devices", description = "TODO")
public final class DevicesCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("devices: not implemented yet");
    }
}
