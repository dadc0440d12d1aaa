package dev.ea4j.cli;

import picocli.CommandLine.Command;

/** TODO(skeleton): the {@code attention} subcommand. */
@Command(name = "attention", description = "TODO")
public final class AttentionCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("attention: not implemented yet");
    }
}
