package dev.ea4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ea4j} command line: one subcommand per job. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "ea4j", mixinStandardHelpOptions = true, version = "ea4j 0.1.0",
        description = "Element-wise attention (EA-series) for the JVM.",
        subcommands = {TrainCommand.class, ClassifyCommand.class, ForecastCommand.class, RecallCommand.class,
                DevicesCommand.class, VerifyCommand.class, AttentionCommand.class,
                BenchCommand.class, StreamCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // picocli's own parse errors (unknown option, missing or malformed value): one line, exit 2
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            System.err.println("ea4j: error: " + Cli.oneLine(ex.getMessage()) + " (see '" + cmd + " --help')");
            return Cli.BAD_INPUT;
        });
        // anything a command throws: bad input exits 2, the rest 1; stack trace only with EA4J_DEBUG=1
        cl.setExecutionExceptionHandler((ex, c, parsed) -> Cli.fail(ex, System.err));
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
