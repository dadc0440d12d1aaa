package dev.ea4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ea4j stream} in the core jar: the Flink job lives in the {@code stream/} module (the core does not depend
 * on Flink); this says how to build and run it and exits 2. The {@code ./ea4j} launcher sends {@code stream} to the
 * module itself.
 */
@Command(name = "stream", description = "Streaming forecasts on Apache Flink (the stream/ module; see docs/streaming.md).")
public final class StreamCommand implements Callable<Integer> {

    /** Any arguments: they belong to the module's command. */
    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        System.err.println("ea4j: error: 'stream' runs on Apache Flink from the stream/ module: run it with the ./ea4j launcher"
                + " (it builds stream/ with 'mvn -B -f stream/pom.xml package'), or submit"
                + " stream/target/ea4j-stream-job.jar with 'flink run' (docs/streaming.md)");
        return Cli.BAD_INPUT;
    }
}
