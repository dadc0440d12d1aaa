package dev.ea4j.train;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one pass over {@code total} steps: on a terminal a live bar redrawn with carriage returns; elsewhere
 * (CI, {@code 2> log}) one plain line when the pass ends, {@code "<name>: <done>/<total> steps, <s> s, <message>"}.
 */
public final class StepProgress implements AutoCloseable {

    private final PrintStream out;
    private final String name;
    private final long total;
    private final ProgressBar bar; // null off a terminal
    private final long t0 = System.nanoTime();
    private long done;
    private String message = "";

    private StepProgress(PrintStream out, boolean terminal, String name, long total) {
        this.out = out;
        this.name = name;
        this.total = total;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
    }

    /** Progress on {@code out}: a live bar when {@code terminal}, else one line at {@link #close}. */
    public static StepProgress start(PrintStream out, boolean terminal, String name, long total) {
        return new StepProgress(out, terminal, name, total);
    }

    /** Progress on {@code out}, a live bar only when {@code out} is the standard error and that is a terminal. */
    public static StepProgress start(PrintStream out, String name, long total) {
        return start(out, out == System.err && stderrIsTerminal(), name, total);
    }

    /** One step done; {@code message} (e.g. the running loss) is shown beside the bar and in the final line. */
    public void step(String message) {
        done++;
        this.message = message;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(" " + message);
        }
    }

    /** Ends the pass: the bar's last frame, or the one plain line. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            return;
        }
        out.printf("%s: %d/%d steps, %.1f s%s%n", name, done, total, (System.nanoTime() - t0) / 1e9,
                message.isEmpty() ? "" : ", " + message);
    }

    /**
     * Whether the standard error is a terminal. {@link Console#isTerminal()} looks at stdin and stdout only, so on
     * Linux the target of {@code /proc/self/fd/2} decides as well ({@code 2> log} is a file there).
     */
    public static boolean stderrIsTerminal() {
        Console c = System.console();
        if (c == null || !c.isTerminal()) return false;
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (!Files.isSymbolicLink(fd2)) return true; // no /proc: trust the console
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | SecurityException e) {
            return true;
        }
    }
}
