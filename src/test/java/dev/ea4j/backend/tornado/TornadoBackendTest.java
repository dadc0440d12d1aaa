package dev.ea4j.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.backend.UnsupportedOnDeviceException;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.ModelKernels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tornado backend through ea4j's graph API: devices, transfer modes, shared plans, long graphs, bailouts. */
class TornadoBackendTest {

    @BeforeAll
    static void needsTornado() {
        TornadoTestSupport.requireTornado("TornadoBackendTest");
    }

    @Test
    void listsTornadoVMsDevicesWithTheirDriver() {
        Device d = Backends.select(TornadoTestSupport.DEVICE, true, System.err);
        assertEquals("tornado", d.backend());
        assertTrue(d.details().startsWith("TornadoVM ") && d.details().contains(" driver, device 0:0"), d.details());
        assertTrue(d.memoryBytes() > 0 && d.computeUnits() > 0, d.toString());
    }

    @Test
    void transferModesMapOneToOne() {
        int n = 1000;
        float[] first = new float[n], every = new float[n], y = new float[n], z = new float[n];
        Arrays.fill(first, 1f);
        Arrays.fill(every, 10f);
        TaskGraph g = new TaskGraph("modes")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, first)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, every)
                .task("a", DenseKernels::add, first, every, y, n)
                .task("b", TornadoTestKernels::addConstant, y, z, 0.5f, n)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, y)
                .transferToHost(DataTransferMode.UNDER_DEMAND, z);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(TornadoTestSupport.DEVICE).withStrict(true)) {
            plan.execute();
            assertEquals(11f, y[7]);
            assertEquals(0f, z[7], "UNDER_DEMAND comes back only when asked");
            Arrays.fill(first, 100f); // copied on the first execution only: the device keeps 1
            Arrays.fill(every, 20f);  // copied on every execution
            ExecutionResult r = plan.execute();
            assertEquals(21f, y[7]);
            r.transferToHost(z);
            assertEquals(21.5f, z[7]);
        }
    }

    @Test
    void plansSharingASessionSeeEachOthersUpdates() {
        // the shape of a training step: an upload plan, a plan that updates weights in place, one that reads them
        int n = 5000;
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n], sq = new float[1];
        float[] hyper = {0.1f, 0.9f, 0.999f, 1e-8f, 0f, 1f, 1f};
        for (int i = 0; i < n; i++) {
            w[i] = (i % 13) * 0.1f;
            g[i] = ((i * 7) % 11 - 5) * 0.01f;
        }
        float[] wJava = w.clone(), gJava = g.clone(), mJava = m.clone(), vJava = v.clone(), sqJava = new float[1];
        float[] hyperJava = hyper.clone();
        runSteps(TornadoTestSupport.DEVICE, w, g, m, v, hyper, sq, n);
        runSteps("java", wJava, gJava, mJava, vJava, hyperJava, sqJava, n);
        assertArrayEquals(wJava, w, 1e-6f);
        assertArrayEquals(mJava, m, 1e-7f);
        assertEquals(sqJava[0], sq[0], 1e-6f * Math.abs(sqJava[0]));
    }

    private static void runSteps(String device, float[] w, float[] g, float[] m, float[] v, float[] hyper, float[] sq,
                                 int n) {
        try (ExecutionPlan upload = new ExecutionPlan(new TaskGraph("upload")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, w, g, m, v).snapshot())
                .withDevice(device).withStrict(true)) {
            upload.execute();
            ExecutionPlan step = new ExecutionPlan(new TaskGraph("step")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, hyper)
                    .task("adamw", ModelKernels::adamW, w, g, m, v, hyper, n).snapshot()).withSharedSession(upload);
            ExecutionPlan norm = new ExecutionPlan(new TaskGraph("norm")
                    .task("sq", ModelKernels::sumOfSquares, w, sq, n)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sq).snapshot()).withSharedSession(upload);
            ExecutionPlan download = new ExecutionPlan(new TaskGraph("download")
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, w, m).snapshot()).withSharedSession(upload);
            for (int t = 1; t <= 3; t++) {
                hyper[5] = t;
                step.execute();
                norm.execute();
            }
            download.execute();
            step.close();
            norm.close();
            download.close();
        }
    }

    /**
     * A plan opened later (a new batch shape, an evaluation plan) can make an array shared that one segment had kept
     * on the device: that segment's data must reach the host at once, and its rebuild must not bring back its own
     * older copy of an array that other plans have updated since (this reverted weights between epochs).
     */
    @Test
    void aPlanOpenedLaterNeitherLosesNorRevertsData() {
        int n = 3000;
        float[] w = new float[n], sq = new float[1];
        Arrays.fill(w, 2f);
        try (ExecutionPlan upload = new ExecutionPlan(new TaskGraph("upload")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, w).snapshot())
                .withDevice(TornadoTestSupport.DEVICE).withStrict(true)) {
            upload.execute();
            // reads the shared weights; its sum stays on the device (nothing else uses sq yet)
            ExecutionPlan norm = new ExecutionPlan(new TaskGraph("norm")
                    .task("sq", ModelKernels::sumOfSquares, w, sq, n).snapshot()).withSharedSession(upload);
            ExecutionPlan update = new ExecutionPlan(new TaskGraph("update")
                    .task("scale", ModelKernels::scale, w, 3f, n).snapshot()).withSharedSession(upload);
            norm.execute();   // w = 2 on its device
            update.execute(); // w = 6
            update.execute(); // w = 18
            norm.execute();   // sq = n * 18^2, on the device only
            assertEquals(0f, sq[0], "sq has not been asked for");
            // a later plan that uses sq: the norm plan's sum must be on the host for it
            ExecutionPlan reader = new ExecutionPlan(new TaskGraph("reader")
                    .task("keep", ModelKernels::scale, sq, 1f, 1)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sq).snapshot()).withSharedSession(upload);
            reader.execute();
            assertEquals(n * 324f, sq[0], 1e-6f * n * 324f, "the sum the norm plan kept on its device");
            update.execute(); // w = 54
            norm.execute();   // rebuilt for the new sharing: must read w = 54, not bring back its own old copy
            assertEquals(54f, w[0], "weights after the norm plan's rebuild");
            assertEquals(54f, w[n - 1]);
            reader.execute();
            assertEquals(n * 54f * 54f, sq[0], 1e-6f * n * 54f * 54f);
            reader.close();
            update.close();
            norm.close();
        }
    }

    /** An input the caller fills before each run is the host's: a plan opened later must not overwrite it. */
    @Test
    void aPlanOpenedLaterKeepsTheInputTheCallerJustFilled() {
        int n = 2000;
        float[] in = new float[n], out = new float[n], sq = new float[1];
        Arrays.fill(in, 1f);
        try (ExecutionPlan twice = new ExecutionPlan(new TaskGraph("twice")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("add", DenseKernels::add, in, in, out, n)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out).snapshot())
                .withDevice(TornadoTestSupport.DEVICE).withStrict(true)) {
            twice.execute();
            assertEquals(2f, out[0]);
            Arrays.fill(in, 5f); // the next input, then a plan that reads it opens (an evaluation plan's first run)
            try (ExecutionPlan norm = new ExecutionPlan(new TaskGraph("norm")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                    .task("sq", ModelKernels::sumOfSquares, in, sq, n)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, sq).snapshot()).withSharedSession(twice)) {
                norm.execute();
                assertEquals(5f, in[0], "the input the caller filled");
                assertEquals(n * 25f, sq[0], 1e-6f * n * 25f);
            }
            twice.execute();
            assertEquals(10f, out[0]);
        }
    }

    @Test
    void aGraphLargerThanOneTornadoVMGraphRunsInSegments() {
        // TornadoVM's task graphs stop at 1024 nodes: 400 chained tasks need several of them
        int n = 64, tasks = 400;
        float[][] xs = new float[tasks + 1][n];
        Arrays.fill(xs[0], 1f);
        TaskGraph g = new TaskGraph("chain").transferToDevice(DataTransferMode.EVERY_EXECUTION, xs[0]);
        for (int t = 0; t < tasks; t++) g.task("t" + t, TornadoTestKernels::addConstant, xs[t], xs[t + 1], 1f, n);
        g.transferToHost(DataTransferMode.EVERY_EXECUTION, xs[tasks]);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(TornadoTestSupport.DEVICE).withStrict(true)
                .withProfiler(ProfilerMode.SILENT)) {
            List<TaskProfile> rows = plan.execute().profile();
            assertTrue(rows.stream().filter(r -> r.taskId().endsWith(".transfers")).count() > 1, "several segments");
            assertEquals("tornado-opencl", rows.get(0).implementation());
        }
        assertEquals(1f + tasks, xs[tasks][n - 1]);
    }

    @Test
    void aBailoutIsAnErrorNamingTheTaskWhenStrict() {
        float[] x = new float[16];
        TaskGraph g = new TaskGraph("bad").task("digits", TornadoTestKernels::digits, x, 16)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, x);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(TornadoTestSupport.DEVICE).withStrict(true)) {
            UnsupportedOnDeviceException e = assertThrows(UnsupportedOnDeviceException.class, plan::execute);
            assertTrue(e.getMessage().contains("bad.digits (TornadoTestKernels.digits)"), e.getMessage());
        }
    }

    @Test
    void aBailoutOtherwiseWarnsAndRunsAsSequentialJava() {
        float[] x = new float[200], y = new float[200];
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        TaskGraph g = new TaskGraph("mixed").task("digits", TornadoTestKernels::digits, x, 200)
                .task("plus", TornadoTestKernels::addConstant, x, y, 1f, 200)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, x, y);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(TornadoTestSupport.DEVICE)
                .withWarnings(new PrintStream(warnings, true, StandardCharsets.UTF_8)).withProfiler(ProfilerMode.SILENT)) {
            List<TaskProfile> rows = plan.execute().profile();
            assertEquals(List.of("java (bailout)", "java (bailout)"), rows.stream().map(TaskProfile::implementation).toList());
        }
        String w = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(w.contains("mixed.digits (TornadoTestKernels.digits)") && !w.contains("mixed.plus"), w);
        assertEquals(3f, x[123]);
        assertEquals(4f, y[123]);
    }
}
