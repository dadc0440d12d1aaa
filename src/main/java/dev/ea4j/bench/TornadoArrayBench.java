package dev.ea4j.bench;

import java.util.function.Supplier;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Heap {@code float[]} against TornadoVM's off-heap {@code FloatArray} on one TornadoVM device: the same saxpy
 * (y += a x) with copies in and out on every execution, and with the data left on the device (kernel only), medians
 * of each in the same run. It is what decides which array type ea4j's kernels take on the {@code tornado} backend
 * (docs/tornadovm.md).
 */
public final class TornadoArrayBench {

    /** Medians, in seconds, of one array type. */
    public record Times(double withCopies, double kernelOnly) {}

    /** Both types on one device, {@code n} floats per array. */
    public record Result(String device, int n, int repeats, Times heap, Times offHeap) {

        /** One JSON object. */
        public String toJson() {
            return new Json().put("what", "tornado_arrays").put("device", device).put("n", n).put("repeats", repeats)
                    .put("float_array_with_copies_s", heap.withCopies).put("float_array_kernel_s", heap.kernelOnly)
                    .put("floatarray_with_copies_s", offHeap.withCopies).put("floatarray_kernel_s", offHeap.kernelOnly)
                    .put("bytes_copied_per_execution", 12L * n).toString();
        }
    }

    private TornadoArrayBench() {}

    /** y[i] += a x[i] over heap arrays. x, y: [n]. */
    public static void saxpy(float[] x, float[] y, float a) {
        for (@Parallel int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    /** y[i] += a x[i] over TornadoVM's off-heap arrays. x, y: [n]. */
    public static void saxpy(FloatArray x, FloatArray y, float a) {
        for (@Parallel int i = 0; i < y.getSize(); i++) y.set(i, y.get(i) + a * x.get(i));
    }

    /** Runs both array types on {@code device}. */
    public static Result run(String deviceId, TornadoDevice device, int n, int warmup, int repeats) {
        float[] x = new float[n], y = new float[n];
        FloatArray fx = new FloatArray(n), fy = new FloatArray(n);
        for (int i = 0; i < n; i++) {
            x[i] = i % 7;
            fx.set(i, i % 7);
        }
        Times heap = new Times(
                time(device, warmup, repeats, () -> new TaskGraph("heap_copies")
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, x, y)
                        .task("saxpy", TornadoArrayBench::saxpy, x, y, 0.5f)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, y)),
                time(device, warmup, repeats, () -> new TaskGraph("heap_kernel")
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, x, y)
                        .task("saxpy", TornadoArrayBench::saxpy, x, y, 0.5f)
                        .transferToHost(DataTransferMode.UNDER_DEMAND, y)));
        Times offHeap = new Times(
                time(device, warmup, repeats, () -> new TaskGraph("offheap_copies")
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
                        .task("saxpy", TornadoArrayBench::saxpy, fx, fy, 0.5f)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, fy)),
                time(device, warmup, repeats, () -> new TaskGraph("offheap_kernel")
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, fx, fy)
                        .task("saxpy", TornadoArrayBench::saxpy, fx, fy, 0.5f)
                        .transferToHost(DataTransferMode.UNDER_DEMAND, fy)));
        return new Result(deviceId, n, repeats, heap, offHeap);
    }

    private static double time(TornadoDevice device, int warmup, int repeats, Supplier<TaskGraph> graph) {
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph.get().snapshot()).withDevice(device)) {
            return Timing.time(warmup, repeats, plan::execute).median();
        } catch (TornadoExecutionPlanException e) {
            throw new IllegalStateException("TornadoVM could not release the benchmark's buffers", e);
        }
    }
}
