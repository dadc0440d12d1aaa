package dev.ea4j.graph;

import dev.ea4j.backend.KernelRef;
import dev.ea4j.backend.TaskCalls;
import dev.ea4j.backend.TornadoFunctions.*;

/**
 * The typed {@code task(...)} overloads of {@link TaskGraph}, one per kernel arity (generated; each names the
 * kernel through {@link TaskCalls#ref} and wraps its arguments into an array).
 */
abstract class TaskGraphTasks {

    /** Adds a task; implemented by {@link TaskGraph}. */
    abstract TaskGraph addTask(String id, KernelRef kernel, Object[] args);

    /** Adds task {@code id} running {@code code} with 1 argument. */
    public <T1> TaskGraph task(String id, Task1<T1> code, T1 a1) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1});
    }

    /** Adds task {@code id} running {@code code} with 2 arguments. */
    public <T1, T2> TaskGraph task(String id, Task2<T1, T2> code, T1 a1, T2 a2) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2});
    }

    /** Adds task {@code id} running {@code code} with 3 arguments. */
    public <T1, T2, T3> TaskGraph task(String id, Task3<T1, T2, T3> code, T1 a1, T2 a2, T3 a3) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3});
    }

    /** Adds task {@code id} running {@code code} with 4 arguments. */
    public <T1, T2, T3, T4> TaskGraph task(String id, Task4<T1, T2, T3, T4> code, T1 a1, T2 a2, T3 a3, T4 a4) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4});
    }

    /** Adds task {@code id} running {@code code} with 5 arguments. */
    public <T1, T2, T3, T4, T5> TaskGraph task(String id, Task5<T1, T2, T3, T4, T5> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5});
    }

    /** Adds task {@code id} running {@code code} with 6 arguments. */
    public <T1, T2, T3, T4, T5, T6> TaskGraph task(String id, Task6<T1, T2, T3, T4, T5, T6> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6});
    }

    /** Adds task {@code id} running {@code code} with 7 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7> TaskGraph task(String id, Task7<T1, T2, T3, T4, T5, T6, T7> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7});
    }

    /** Adds task {@code id} running {@code code} with 8 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8> TaskGraph task(String id, Task8<T1, T2, T3, T4, T5, T6, T7, T8> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8});
    }

    /** Adds task {@code id} running {@code code} with 9 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9> TaskGraph task(String id, Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9});
    }

    /** Adds task {@code id} running {@code code} with 10 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> TaskGraph task(String id, Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10});
    }

    /** Adds task {@code id} running {@code code} with 11 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> TaskGraph task(String id, Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11});
    }

    /** Adds task {@code id} running {@code code} with 12 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> TaskGraph task(String id, Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12});
    }

    /** Adds task {@code id} running {@code code} with 13 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> TaskGraph task(String id, Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13});
    }

    /** Adds task {@code id} running {@code code} with 14 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> TaskGraph task(String id, Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14});
    }

    /** Adds task {@code id} running {@code code} with 15 arguments. */
    public <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> TaskGraph task(String id, Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> code, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14, T15 a15) {
        return addTask(id, TaskCalls.ref(code), new Object[] {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15});
    }
}
