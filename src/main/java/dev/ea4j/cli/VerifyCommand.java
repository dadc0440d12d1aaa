package dev.ea4j.cli;

import picocli.CommandLine.Command;

/** TODO(skeleton): the {@code verify} subcommand. */
@Command(name = "verify", description = "TODO")
public final class VerifyCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("verify: not implemented yet");
    }
}
