package dev.ea4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The facts every benchmark result carries: commit, date, machine, JVM.
 *
 * @param commit {@code git rev-parse --short=12 HEAD} (with {@code -dirty} when tracked files changed), the
 *     {@code EA4J_COMMIT} environment variable when set, else {@code unknown}
 * @param date UTC time of the run, ISO-8601, to the second
 * @param machine {@code os.arch} and core count, e.g. {@code amd64, 2 cores}
 * @param os {@code os.name os.version}
 * @param java {@code java.vm.name java.version}
 * @param cores available processors
 */
public record RunFacts(String commit, String date, String machine, String os, String java, int cores) {

    /** Collects the facts now. */
    public static RunFacts collect() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new RunFacts(currentCommit(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                System.getProperty("os.arch") + ", " + cores + " cores",
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), cores);
    }

    /** The current commit as described in the record's Javadoc. */
    public static String currentCommit() {
        String env = System.getenv("EA4J_COMMIT");
        if (env != null && !env.isBlank()) return env.trim();
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null || head.isBlank()) return "unknown";
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        return head.trim() + (dirty != null && !dirty.isBlank() ? "-dirty" : "");
    }

    /** Output of {@code git args...} in the working directory, or null when git is missing or fails. */
    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
