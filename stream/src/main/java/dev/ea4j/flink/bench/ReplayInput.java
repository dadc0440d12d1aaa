package dev.ea4j.flink.bench;

import dev.ea4j.data.CsvTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an event stream of {@code keys} series with {@code perKey} events each, replayed from the OT column of
 * ETTh2 (even keys) and ETTm2 (odd keys): key k reads consecutive rows from its own start row, so its timestamps
 * increase; events arrive round-robin over the keys (event j of every key, then event j + 1).
 */
final class ReplayInput {

    private ReplayInput() {}

    /** Writes the stream to {@code file} from the ETT files under {@code dataDir}; returns the number of events. */
    static long write(Path dataDir, int keys, int perKey, Path file) throws IOException {
        List<CsvTable> tables = List.of(CsvTable.read(dataDir.resolve("ETT-small/ETTh2.csv")),
                CsvTable.read(dataDir.resolve("ETT-small/ETTm2.csv")));
        Files.createDirectories(file.getParent());
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("series,timestamp,OT\n");
            for (int j = 0; j < perKey; j++) {
                for (int k = 0; k < keys; k++) {
                    CsvTable t = tables.get(k % 2);
                    int ot = t.columns().indexOf("OT");
                    int start = (int) ((k * 7919L) % (t.rows() - perKey));
                    w.write("k" + k + "," + t.dates()[start + j] + "," + t.values()[start + j][ot] + "\n");
                    n++;
                }
            }
        }
        return n;
    }
}
