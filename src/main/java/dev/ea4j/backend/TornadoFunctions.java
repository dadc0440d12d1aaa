package dev.ea4j.backend;

import java.io.Serializable;

/**
 * Typed kernel references for {@code graph.TaskGraph.task} and backend twin tables: {@code TaskN} is a kernel with N parameters. Each extends
 * TornadoVM's own {@code TornadoFunctions.TaskN}, so the method reference a user passes to an ea4j graph is the one
 * the {@code tornado} backend hands to TornadoVM's JIT; and {@link Serializable}, so that every backend can read which
 * static method it names (see {@link KernelRef}).
 */
public final class TornadoFunctions {

    private TornadoFunctions() {}

    /** A kernel with 1 parameter. */
    @FunctionalInterface
    public interface Task1<T1>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task1<T1>, Serializable {}

    /** A kernel with 2 parameters. */
    @FunctionalInterface
    public interface Task2<T1, T2>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task2<T1, T2>, Serializable {}

    /** A kernel with 3 parameters. */
    @FunctionalInterface
    public interface Task3<T1, T2, T3>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task3<T1, T2, T3>, Serializable {}

    /** A kernel with 4 parameters. */
    @FunctionalInterface
    public interface Task4<T1, T2, T3, T4>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task4<T1, T2, T3, T4>, Serializable {}

    /** A kernel with 5 parameters. */
    @FunctionalInterface
    public interface Task5<T1, T2, T3, T4, T5>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task5<T1, T2, T3, T4, T5>, Serializable {}

    /** A kernel with 6 parameters. */
    @FunctionalInterface
    public interface Task6<T1, T2, T3, T4, T5, T6>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task6<T1, T2, T3, T4, T5, T6>, Serializable {}

    /** A kernel with 7 parameters. */
    @FunctionalInterface
    public interface Task7<T1, T2, T3, T4, T5, T6, T7>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task7<T1, T2, T3, T4, T5, T6, T7>, Serializable {}

    /** A kernel with 8 parameters. */
    @FunctionalInterface
    public interface Task8<T1, T2, T3, T4, T5, T6, T7, T8>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task8<T1, T2, T3, T4, T5, T6, T7, T8>, Serializable {}

    /** A kernel with 9 parameters. */
    @FunctionalInterface
    public interface Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9>, Serializable {}

    /** A kernel with 10 parameters. */
    @FunctionalInterface
    public interface Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>, Serializable {}

    /** A kernel with 11 parameters. */
    @FunctionalInterface
    public interface Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>, Serializable {}

    /** A kernel with 12 parameters. */
    @FunctionalInterface
    public interface Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>, Serializable {}

    /** A kernel with 13 parameters. */
    @FunctionalInterface
    public interface Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>, Serializable {}

    /** A kernel with 14 parameters. */
    @FunctionalInterface
    public interface Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>, Serializable {}

    /** A kernel with 15 parameters. */
    @FunctionalInterface
    public interface Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>
            extends uk.ac.manchester.tornado.api.common.TornadoFunctions.Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>, Serializable {}
}
