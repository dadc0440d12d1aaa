package dev.ea4j.backend;

import dev.ea4j.backend.TornadoFunctions.*;
import java.util.function.Function;

/**
 * The typed {@code add(...)} overloads of {@link TwinTable}, one per kernel arity (generated): the kernel and its
 * twin are typed by the same {@code TaskN}, so a twin registered for the wrong kernel or with the wrong
 * parameters does not compile, and the key is the kernel's id as the task graph derives it.
 */
abstract class TwinTableAdds<C> {

    /** Registers a twin; implemented by {@link TwinTable}. */
    abstract TwinTable<C> put(KernelRef kernel, TwinTable.Twin<C> twin);

    /** Registers {@code twin} (given the backend's context) for the 1-argument {@code kernel}. */
    public <T1> TwinTable<C> add(Task1<T1> kernel, Function<C, Task1<T1>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 2-argument {@code kernel}. */
    public <T1, T2> TwinTable<C> add(Task2<T1, T2> kernel, Function<C, Task2<T1, T2>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 3-argument {@code kernel}. */
    public <T1, T2, T3> TwinTable<C> add(Task3<T1, T2, T3> kernel, Function<C, Task3<T1, T2, T3>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 4-argument {@code kernel}. */
    public <T1, T2, T3, T4> TwinTable<C> add(Task4<T1, T2, T3, T4> kernel, Function<C, Task4<T1, T2, T3, T4>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 5-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5> TwinTable<C> add(Task5<T1, T2, T3, T4, T5> kernel, Function<C, Task5<T1, T2, T3, T4, T5>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 6-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6> TwinTable<C> add(Task6<T1, T2, T3, T4, T5, T6> kernel, Function<C, Task6<T1, T2, T3, T4, T5, T6>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 7-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7> TwinTable<C> add(Task7<T1, T2, T3, T4, T5, T6, T7> kernel, Function<C, Task7<T1, T2, T3, T4, T5, T6, T7>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 8-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8> TwinTable<C> add(Task8<T1, T2, T3, T4, T5, T6, T7, T8> kernel, Function<C, Task8<T1, T2, T3, T4, T5, T6, T7, T8>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 9-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9> TwinTable<C> add(Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel, Function<C, Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 10-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> TwinTable<C> add(Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, Function<C, Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 11-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> TwinTable<C> add(Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel, Function<C, Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 12-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> TwinTable<C> add(Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> kernel, Function<C, Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 13-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> TwinTable<C> add(Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> kernel, Function<C, Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 14-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> TwinTable<C> add(Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> kernel, Function<C, Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }

    /** Registers {@code twin} (given the backend's context) for the 15-argument {@code kernel}. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> TwinTable<C> add(Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> kernel, Function<C, Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>> twin) {
        return put(TaskCalls.ref(kernel), (c, x) -> TaskCalls.call(twin.apply(c), x));
    }
}
