package dev.ea4j.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.DeviceNotFoundException;
import dev.ea4j.backend.KernelRef;
import dev.ea4j.backend.TaskCalls;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.kernels.DenseKernels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TornadoVM-shaped task graph semantics: task ids, transfer modes, profiling, device selection. */
class TaskGraphTest {

    @Test
    void methodReferenceResolvesToKernelId() {
        float[] x = {1}, y = {0};
        TaskGraph g = new TaskGraph("layer_0").task("scale", ScaleKernels::scale, x, y, 2f, 1);
        assertEquals(List.of("layer_0.scale"), g.snapshot().taskIds());
        KernelRef ref = TaskCalls.ref(ScaleKernels::increment);
        assertEquals("ScaleKernels.increment", ref.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "cpu"})
    void tasksRunInOrderOnTheRequestedDevice(String device) {
        float[] x = {1, 2, 3}, y = new float[3];
        TaskGraph g = new TaskGraph("g")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                .task("scale", ScaleKernels::scale, x, y, 3f, 3)
                .task("inc", ScaleKernels::increment, y, 3)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, y);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withProfiler(ProfilerMode.SILENT)) {
            ExecutionResult r = plan.execute();
            assertArrayEquals(new float[] {4, 7, 10}, y);
            assertEquals(device + ":0", plan.device().id());
            List<TaskProfile> tasks = r.profile().stream().filter(p -> p.taskId().startsWith("g.s") || p.taskId().startsWith("g.i")).toList();
            assertEquals(List.of("g.scale", "g.inc"), tasks.stream().map(TaskProfile::taskId).toList());
            tasks.forEach(t -> assertEquals(device + ":0", t.device()));
            tasks.forEach(t -> assertEquals("reference", t.implementation(), "no cpu twin for a test kernel"));
        }
    }

    @Test
    void firstExecutionTransfersHappenOnceAndEveryExecutionAlways() {
        float[] w = {1}, x = {2}, y = new float[1];
        TaskGraph g = new TaskGraph("g")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, w)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                .task("scale", ScaleKernels::scale, x, y, 1f, 1)
                .transferToHost(DataTransferMode.UNDER_DEMAND, y);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice("java").withProfiler(ProfilerMode.SILENT)) {
            long first = plan.execute().profile().stream().filter(p -> p.taskId().equals("g.toDevice")).count();
            long second = plan.execute().profile().stream().filter(p -> p.taskId().equals("g.toDevice")).count();
            assertEquals(2, first, "FIRST_EXECUTION and EVERY_EXECUTION both copy on the first run");
            assertEquals(1, second, "only EVERY_EXECUTION copies again");
            assertTrue(plan.execute().profile().stream().noneMatch(p -> p.taskId().equals("g.toHost")),
                    "UNDER_DEMAND copies only when asked");
        }
    }

    @Test
    void missingDeviceFallsBackLoudlyOrFailsWhenStrict() {
        float[] x = {1}, y = new float[1];
        ImmutableTaskGraph g = new TaskGraph("g").task("scale", ScaleKernels::scale, x, y, 2f, 1).snapshot();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecutionPlan plan = new ExecutionPlan(g).withDevice("opencl:7")
                .withWarnings(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            plan.execute();
            assertEquals(2f, y[0]);
        }
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("opencl:7") && warning.contains("falling back"), warning);
        try (ExecutionPlan strict = new ExecutionPlan(g).withDevice("opencl:7").withStrict(true)) {
            DeviceNotFoundException e = assertThrows(DeviceNotFoundException.class, strict::execute);
            assertTrue(e.getMessage().contains("opencl:7"), e.getMessage());
        }
    }

    @Test
    void badGraphsAreRejectedWithClearMessages() {
        float[] x = {1};
        assertThrows(IllegalArgumentException.class, () -> new TaskGraph("a.b"));
        TaskGraph g = new TaskGraph("g").task("t", ScaleKernels::increment, x, 1);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> g.task("t", ScaleKernels::increment, x, 1));
        assertTrue(dup.getMessage().contains("g.t"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.task("n", ScaleKernels::increment, null, 1));
        assertThrows(IllegalArgumentException.class, () -> g.transferToDevice(DataTransferMode.UNDER_DEMAND, x));
        assertThrows(IllegalArgumentException.class, () -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, "no"));
    }

    @Test
    void taskDeviceSettingInTornadoSyntaxPicksTheDevice() {
        float[] x = {1}, y = new float[1];
        ImmutableTaskGraph g = new TaskGraph("cfg").task("scale", ScaleKernels::scale, x, y, 2f, 1).snapshot();
        System.setProperty("cfg.scale.device", "java:0");
        try (ExecutionPlan plan = new ExecutionPlan(g)) {
            assertEquals("java:0", plan.device().id());
        } finally {
            System.clearProperty("cfg.scale.device");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "cpu", "opencl"})
    void plansSharingASessionSeeEachOthersDeviceBuffers(String device) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.ea4j.backend.Backends.devices().stream().anyMatch(d -> d.backend().equals(device)),
                () -> "SKIPPED: no " + device + " device");
        float[] w = {1, 2}, y = new float[2];
        TaskGraph load = new TaskGraph("load").transferToDevice(DataTransferMode.FIRST_EXECUTION, w);
        TaskGraph use = new TaskGraph("use").consumeFromDevice(w)
                .task("scale", dev.ea4j.kernels.ModelKernels::scale, w, 3f, 2)
                .task("sum", DenseKernels::add, w, w, y, 2)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, w, y);
        try (ExecutionPlan owner = new ExecutionPlan(load.snapshot()).withDevice(device).withStrict(true);
             ExecutionPlan user = new ExecutionPlan(use.snapshot()).withSharedSession(owner)) {
            owner.execute();
            user.execute();
            user.execute();
            assertArrayEquals(new float[] {9, 18}, w);
            assertArrayEquals(new float[] {18, 36}, y, "the second task reads w as the first left it on the device");
            assertEquals(owner.device().id(), user.device().id());
        }
    }
}
