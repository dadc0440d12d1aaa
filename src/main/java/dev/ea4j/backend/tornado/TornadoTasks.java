package dev.ea4j.backend.tornado;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * Adds an ea4j task to a TornadoVM graph: TornadoVM's {@code TaskGraph.task(id, TaskN, a1..aN)} for the task's
 * arity, called with the kernel's own method reference (ea4j's {@code TaskN} extends TornadoVM's).
 */
final class TornadoTasks {

    private static final int MAX_ARITY = 15;
    private static final Method[] TASK_BY_ARITY = taskMethods();

    private TornadoTasks() {}

    /** graph.task(id, code, args...). */
    static void add(TaskGraph graph, String id, Object code, Object[] args) {
        if (args.length < 1 || args.length > MAX_ARITY) {
            throw new IllegalArgumentException("TornadoVM tasks take 1 to " + MAX_ARITY + " arguments, task " + id
                    + " has " + args.length);
        }
        Object[] call = new Object[args.length + 2];
        call[0] = id;
        call[1] = code;
        System.arraycopy(args, 0, call, 2, args.length);
        try {
            TASK_BY_ARITY[args.length].invoke(graph, call);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("TornadoVM refused task " + id, e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call TornadoVM's TaskGraph.task", e);
        }
    }

    private static Method[] taskMethods() {
        Method[] byArity = new Method[MAX_ARITY + 1];
        for (Method m : TaskGraph.class.getMethods()) {
            int arity = m.getParameterCount() - 2;
            if (m.getName().equals("task") && arity >= 1 && arity <= MAX_ARITY
                    && m.getParameterTypes()[1].getSimpleName().equals("Task" + arity)) {
                byArity[arity] = m;
            }
        }
        return byArity;
    }
}
