package dev.ea4j.backend;

import dev.ea4j.backend.TornadoFunctions.*;

/**
 * Calls a {@code TaskN} on a task's argument array (arrays and boxed scalars) and makes the {@link KernelRef} of a
 * kernel method reference: one overload per arity (generated), shared by task graphs and backend twin tables.
 */
public final class TaskCalls {

    private TaskCalls() {}

    /** Runs {@code t} on {@code x[0..0]}. */
    @SuppressWarnings("unchecked")
    public static <T1> void call(Task1<T1> t, Object[] x) {
        t.apply((T1) x[0]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1> KernelRef ref(Task1<T1> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..1]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2> void call(Task2<T1, T2> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2> KernelRef ref(Task2<T1, T2> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..2]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3> void call(Task3<T1, T2, T3> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3> KernelRef ref(Task3<T1, T2, T3> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..3]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4> void call(Task4<T1, T2, T3, T4> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4> KernelRef ref(Task4<T1, T2, T3, T4> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..4]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5> void call(Task5<T1, T2, T3, T4, T5> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5> KernelRef ref(Task5<T1, T2, T3, T4, T5> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..5]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6> void call(Task6<T1, T2, T3, T4, T5, T6> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6> KernelRef ref(Task6<T1, T2, T3, T4, T5, T6> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..6]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7> void call(Task7<T1, T2, T3, T4, T5, T6, T7> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7> KernelRef ref(Task7<T1, T2, T3, T4, T5, T6, T7> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..7]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8> void call(Task8<T1, T2, T3, T4, T5, T6, T7, T8> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8> KernelRef ref(Task8<T1, T2, T3, T4, T5, T6, T7, T8> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..8]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9> void call(Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9> KernelRef ref(Task9<T1, T2, T3, T4, T5, T6, T7, T8, T9> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..9]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> void call(Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> KernelRef ref(Task10<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..10]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> void call(Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9], (T11) x[10]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> KernelRef ref(Task11<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..11]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> void call(Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9], (T11) x[10], (T12) x[11]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> KernelRef ref(Task12<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..12]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> void call(Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9], (T11) x[10], (T12) x[11], (T13) x[12]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> KernelRef ref(Task13<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..13]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> void call(Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9], (T11) x[10], (T12) x[11], (T13) x[12], (T14) x[13]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> KernelRef ref(Task14<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> code) {
        return KernelRef.of(code, x -> call(code, x));
    }

    /** Runs {@code t} on {@code x[0..14]}. */
    @SuppressWarnings("unchecked")
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> void call(Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> t, Object[] x) {
        t.apply((T1) x[0], (T2) x[1], (T3) x[2], (T4) x[3], (T5) x[4], (T6) x[5], (T7) x[6], (T8) x[7], (T9) x[8], (T10) x[9], (T11) x[10], (T12) x[11], (T13) x[12], (T14) x[13], (T15) x[14]);
    }

    /** The kernel {@code code} names, with its reference runner. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> KernelRef ref(Task15<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> code) {
        return KernelRef.of(code, x -> call(code, x));
    }
}
