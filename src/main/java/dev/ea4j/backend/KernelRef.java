package dev.ea4j.backend;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * Names the static kernel method a task runs ({@code "EaSeriesKernels.causalForward"}) and can run its
 * reference implementation. Backends look their twins up by {@link #id()}.
 *
 * @param className simple name of the kernel class, e.g. {@code EaSeriesKernels}
 * @param methodName name of the static method, e.g. {@code causalForward}
 * @param reference runs the reference (plain Java) kernel on an argument array
 * @param code the method reference itself (a {@link TornadoFunctions} {@code TaskN}, hence also TornadoVM's), which
 *     the {@code tornado} backend hands to TornadoVM's JIT
 */
public record KernelRef(String className, String methodName, Consumer<Object[]> reference, Serializable code) {

    /** The lookup key backends use: {@code SimpleClassName.method}. */
    public String id() {
        return className + "." + methodName;
    }

    /** Resolves which static method a serializable method reference names. */
    public static KernelRef of(Serializable code, Consumer<Object[]> invoker) {
        try {
            Method writeReplace = code.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            SerializedLambda lambda = (SerializedLambda) writeReplace.invoke(code);
            String cls = lambda.getImplClass();
            String simple = cls.substring(cls.lastIndexOf('/') + 1).replace('$', '.');
            return new KernelRef(simple, lambda.getImplMethodName(), invoker, code);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "a task must be a method reference to a static kernel (Kernels::method), got " + code.getClass(), e);
        }
    }
}
