package dev.ea4j.cli;

import picocli.CommandLine.Command;

/** TODO(skeleton): the {@code bench} subcommand. */
@Command(name = "bench", description = "TODO")
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("bench: not implemented yet");
    }
}
