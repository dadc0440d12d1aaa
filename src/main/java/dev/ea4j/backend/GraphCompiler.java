package dev.ea4j.backend;

import java.io.PrintStream;
import java.util.List;

/**
 * A device session that runs whole task graphs itself (TornadoVM) rather than step by step: an
 * {@code graph.ExecutionPlan} on such a session compiles its graphs once, on the first {@code execute()}, and runs the
 * compiled plan on every execution.
 */
public interface GraphCompiler {

    /**
     * Builds a runnable plan over {@code graphs}, run in order. {@code strict}: a task the device cannot run is an
     * error; otherwise a warning on {@code warnings} and a loud fallback.
     */
    CompiledPlan compile(List<GraphSteps> graphs, boolean strict, PrintStream warnings);

    /** One compiled {@code graph.ExecutionPlan}: built once, executed many times. */
    interface CompiledPlan extends AutoCloseable {

        /** Runs every transfer and task once; returns one row per task (and transfer) when {@code profile}. */
        List<TaskProfile> execute(boolean profile);

        /** Copies {@code array}, registered {@link DataTransferMode#UNDER_DEMAND} or any device array, to the host. */
        void transferToHost(Object array);

        /** Releases the plan's device buffers. */
        @Override
        void close();
    }
}
