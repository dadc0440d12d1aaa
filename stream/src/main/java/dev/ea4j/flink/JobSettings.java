package dev.ea4j.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * The Flink configuration of a run: exactly-once checkpoints every {@code interval} into a folder (kept when the job
 * is cancelled), heap keyed state, a bounded restart strategy, and the checkpoint to restore from, if any.
 */
public final class JobSettings {

    private JobSettings() {}

    /** The configuration for checkpoints in {@code checkpoints} every {@code interval}, restoring {@code restore} if not null. */
    public static Configuration of(Location checkpoints, Duration interval, Location restore) {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.uri().toString());
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        if (restore != null) c.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.uri().toString());
        return c;
    }

    /** {@link #of(Location, Duration, Location)} for local folders. */
    public static Configuration of(Path checkpoints, Duration interval, Path restore) {
        return of(Location.of(checkpoints), interval, restore == null ? null : Location.of(restore));
    }
}
