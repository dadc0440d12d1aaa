package dev.ea4j.backend.tornado;

import dev.ea4j.backend.DataTransferMode;

/** ea4j's transfer modes as TornadoVM's (the same three, one to one). */
final class TornadoTransfers {

    private TornadoTransfers() {}

    /** TornadoVM's constant for {@code mode}. */
    static int mode(DataTransferMode mode) {
        return switch (mode) {
            case FIRST_EXECUTION -> uk.ac.manchester.tornado.api.enums.DataTransferMode.FIRST_EXECUTION;
            case EVERY_EXECUTION -> uk.ac.manchester.tornado.api.enums.DataTransferMode.EVERY_EXECUTION;
            case UNDER_DEMAND -> uk.ac.manchester.tornado.api.enums.DataTransferMode.UNDER_DEMAND;
        };
    }

    /** Of two modes declared for one array, the one that copies more often (every > first > on demand). */
    static DataTransferMode stronger(DataTransferMode a, DataTransferMode b) {
        return strength(a) >= strength(b) ? a : b;
    }

    private static int strength(DataTransferMode m) {
        return switch (m) {
            case EVERY_EXECUTION -> 2;
            case FIRST_EXECUTION -> 1;
            case UNDER_DEMAND -> 0;
        };
    }
}
