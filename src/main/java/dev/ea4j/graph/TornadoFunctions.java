package dev.ea4j.graph;

import java.io.Serializable;

/**
 * Typed kernel references for {@link TaskGraph#task}, as in TornadoVM's {@code TornadoFunctions}:
 * {@code TaskN} is a kernel with N parameters. They are {@link Serializable} so that the runtime can
 * read which static method a method reference names (see {@link KernelRef}).
 */
public final class TornadoFunctions {

    private TornadoFunctions() {}

    /** A kernel with 1 parameter. */
    @FunctionalInterface
    public interface Task1<T1> extends Serializable {
        void apply(T1 a1);
    }

    /** A kernel with 2 parameters. */
    @FunctionalInterface
    public interface Task2<T1, T2> extends Serializable {
        void apply(T1 a1, T2 a2);
    }

    /** A kernel with 3 parameters. */
    @FunctionalInterface
    public interface Task3<T1, T2, T3> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3);
    }

    /** A kernel with 4 parameters. */
    @FunctionalInterface
    public interface Task4<T1, T2, T3, T4> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4);
    }

    /** A kernel with 5 parameters. */
    @FunctionalInterface
    public interface Task5<T1, T2, T3, T4, T5> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5);
    }

    /** A kernel with 6 parameters. */
    @FunctionalInterface
    public interface Task6<T1, T2, T3, T4, T5, T6> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6);
    }

    /** A kernel with 7 parameters. */
    @FunctionalInterface
    public interface Task7<T1, T2, T3, T4, T5, T6, T7> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7);
    }

    /** A kernel with 8 parameters. */
    @FunctionalInterface
    public interface Task8<T1, T2, T3, T4, T5, T6, T7, T8> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8);
    }

    /** A kernel with 9 parameters. */
    @FunctionalInterface
    public interface Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9);
    }

    /** A kernel with 10 parameters. */
    @FunctionalInterface
    public interface Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10);
    }

    /** A kernel with 11 parameters. */
    @FunctionalInterface
    public interface Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11);
    }

    /** A kernel with 12 parameters. */
    @FunctionalInterface
    public interface Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12);
    }

    /** A kernel with 13 parameters. */
    @FunctionalInterface
    public interface Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13);
    }

    /** A kernel with 14 parameters. */
    @FunctionalInterface
    public interface Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14);
    }

    /** A kernel with 15 parameters. */
    @FunctionalInterface
    public interface Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> extends Serializable {
        void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14, T15 a15);
    }
}
