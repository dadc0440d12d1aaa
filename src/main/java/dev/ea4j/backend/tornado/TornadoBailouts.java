package dev.ea4j.backend.tornado;

import dev.ea4j.backend.GraphStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

/**
 * Finds which tasks of a graph TornadoVM cannot compile: TornadoVM reports a bailout for a whole graph, so each
 * distinct kernel is tried alone, on copies of its arguments (the real arrays are left untouched).
 */
final class TornadoBailouts {

    private TornadoBailouts() {}

    /** "task (Kernels.method)" for each task whose kernel TornadoVM refuses alone, in task order. */
    static List<String> culprits(List<GraphStep.Launch> launches, TornadoDevice device) {
        List<String> out = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        for (GraphStep.Launch l : launches) {
            if (!tried.add(l.kernel().id())) continue;
            if (bailsOut(l, device)) out.add(l.taskId() + " (" + l.kernel().id() + ")");
        }
        return out;
    }

    private static boolean bailsOut(GraphStep.Launch l, TornadoDevice device) {
        Map<Object, Object> copies = new IdentityHashMap<>();
        Object[] args = new Object[l.args().length];
        for (int i = 0; i < args.length; i++) {
            Object a = l.args()[i];
            args[i] = a.getClass().isArray() ? copies.computeIfAbsent(a, TornadoBailouts::copy) : a;
        }
        TaskGraph g = new TaskGraph("ea4j_probe");
        g.transferToDevice(DataTransferMode.FIRST_EXECUTION, copies.values().toArray());
        TornadoTasks.add(g, "t", l.kernel().code(), args);
        try (TornadoExecutionPlan p = new TornadoExecutionPlan(g.snapshot()).withDevice(device)) {
            p.execute();
            return false;
        } catch (RuntimeException | Error e) {
            return TornadoSegment.fromTornadoVM(e); // anything else is reported by the full graph's run
        } catch (TornadoExecutionPlanException e) {
            return false; // failed to release the probe's buffers: not a compile failure
        }
    }

    private static Object copy(Object array) {
        return switch (array) {
            case float[] f -> f.clone();
            case int[] i -> i.clone();
            case double[] d -> d.clone();
            case long[] n -> n.clone();
            case short[] s -> s.clone();
            case byte[] b -> b.clone();
            case char[] c -> c.clone();
            case boolean[] z -> z.clone();
            default -> throw new IllegalArgumentException("not a primitive array: " + array.getClass());
        };
    }
}
