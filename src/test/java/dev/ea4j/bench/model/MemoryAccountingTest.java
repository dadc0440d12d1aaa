package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.model.AttentionType;
import dev.ea4j.model.BoundModel;
import dev.ea4j.model.KvCacheDecoder;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.Parameter;
import dev.ea4j.model.TaskKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dry-run accounting equals the bytes of the arrays real bound models and decoders hold. */
class MemoryAccountingTest {

    @ParameterizedTest
    @CsvSource({
            "NEXT_TOKEN, EA-2, true, false, 2, 9, 0",
            "NEXT_TOKEN, EA-6, false, false, 3, 5, 0",
            "NEXT_TOKEN, SA, true, false, 1, 12, 0",
            "NEXT_TOKEN, SA-eager, true, false, 2, 7, 0",
            "NEXT_TOKEN, SA-eager, false, true, 2, 7, 0",
            "NEXT_TOKEN, LA, true, true, 2, 8, 0",
            "CLASSIFICATION, EA-2, false, false, 3, 10, 0",
            "CLASSIFICATION, SA-eager, false, false, 2, 6, 0",
            "FORECAST, EA-6, true, false, 2, 6, 0",
            "CLASSIFICATION, EA-6, false, false, 3, 10, 0.2",
            "NEXT_TOKEN, SA, true, true, 2, 9, 0.1",
            "FORECAST, EA-2, true, false, 2, 6, 0.3",
    })
    void trainingAccountingEqualsTheCensusOfTheBoundModel(TaskKind task, String attention, boolean causal, boolean preNorm,
                                                         int batch, int length, double dropout) {
        int D = 16, H = 4, V = 13, C = 3;
        int outputs = task == TaskKind.FORECAST ? 2 * C : task == TaskKind.CLASSIFICATION ? 5 : V;
        int inputs = task == TaskKind.NEXT_TOKEN ? V : C;
        ModelConfig c = new ModelConfig(task, AttentionType.parse(attention), causal, inputs, D, 2, H, outputs,
                task == TaskKind.FORECAST ? length : 2 * length, preNorm, dropout);
        Model model = new Model(c, 1);
        assertEquals(model.parameterCount(), MemoryAccounting.parameters(c));
        assertEquals(model.parameters().size(), MemoryAccounting.parameterTensors(c));

        BoundModel bound = model.bind(batch, length);
        BufferCensus census = new BufferCensus().add(List.of(bound.trainingGraphs()));
        MemoryAccounting.Train acc = MemoryAccounting.train(c, batch, length);
        assertEquals(census.bytes(), acc.resident() + acc.activations(), "census of " + census.arrays() + " arrays");

        long resident = new BufferCensus().addArrays(model.deviceResidentArrays()).bytes();
        assertEquals(resident, acc.resident());
    }

    @ParameterizedTest
    @CsvSource({"NEXT_TOKEN, SA-eager, 1, 2048", "NEXT_TOKEN, EA-6, 2, 1024"})
    void accountingMatchesTheBytesTheJvmAllocates(TaskKind task, String attention, int batch, int length) {
        ModelConfig c = new ModelConfig(task, AttentionType.parse(attention), true, 64, 64, 2, 4, 64, length, false);
        Model model = new Model(c, 1);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long t0 = bean.getCurrentThreadAllocatedBytes();
        BoundModel bound = model.bind(batch, length);
        long allocated = bean.getCurrentThreadAllocatedBytes() - t0;
        long activations = MemoryAccounting.train(c, batch, length).activations();
        // binding also allocates a few buffers no graph references (input gradients of the first stage, for
        // example) and small objects; the referenced arrays are nearly all of it
        assertTrue(allocated >= activations, allocated + " allocated < " + activations + " accounted");
        assertTrue(allocated <= activations * 1.15, allocated + " allocated, " + activations + " accounted");
        assertTrue(bound.output().length > 0);
    }

    @ParameterizedTest
    @CsvSource({"SA, 1, 9", "SA-eager, 3, 5"})
    void decodeAccountingEqualsTheCensusOfTheKvDecoder(String attention, int batch, int capacity) {
        ModelConfig c = new ModelConfig(TaskKind.NEXT_TOKEN, AttentionType.parse(attention), true, 11, 16, 2, 4, 11,
                capacity, false);
        Model model = new Model(c, 1);
        try (KvCacheDecoder d = new KvCacheDecoder(model, batch, capacity, "cpu", true)) {
            List<Object> held = new ArrayList<>();
            for (Parameter p : model.parameters()) held.add(p.value());
            held.add(model.deviceResidentArrays().getLast()); // the positional table the decoder reads rows from
            for (var cache : d.caches()) {
                held.add(cache.k());
                held.add(cache.v());
            }
            BufferCensus census = new BufferCensus().addArrays(held).add(List.of(d.stepGraph()));
            assertEquals(census.bytes(), MemoryAccounting.decode(c, batch, capacity).total());
        }
    }
}
