package dev.ea4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ea4j} command line: one subcommand per job. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "ea4j", mixinStandardHelpOptions = true, version = "ea4j 0.1.0",
        description = "Element-wise attention (EA-series) for the JVM.",
        subcommands = {DevicesCommand.class, VerifyCommand.class, AttentionCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
