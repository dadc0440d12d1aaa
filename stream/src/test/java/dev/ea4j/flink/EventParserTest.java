package dev.ea4j.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link EventParser}: each kind of bad line gets its reason; headers, comments and blank lines are skipped. */
class EventParserTest {

    private final EventParser two = new EventParser(2);

    @Test
    void readsAnEventAndSkipsHeadersCommentsAndBlankLines() throws BadEventException {
        Event e = two.parse(" a , 2024-01-02 03:00:00 , 1.5, -2 ");
        assertEquals("a", e.series);
        assertEquals("2024-01-02 03:00:00", e.time);
        assertArrayEquals(new float[] {1.5f, -2f}, e.values);
        assertTrue(EventParser.skipped("Series,timestamp,a,b"));
        assertTrue(EventParser.skipped("# comment"));
        assertTrue(EventParser.skipped("   "));
        assertFalse(EventParser.skipped("a,2024-01-02,1,2"));
    }

    @Test
    void rejectsEachBadKindWithItsReason() {
        assertReason(RejectReason.MISSING_FIELD, "a,2024-01-02 03:00,1");
        assertReason(RejectReason.MISSING_FIELD, ",2024-01-02 03:00,1,2");
        assertReason(RejectReason.MISSING_FIELD, "a,2024-01-02 03:00,,2");
        assertReason(RejectReason.WRONG_WIDTH, "a,2024-01-02 03:00,1,2,3");
        assertReason(RejectReason.UNPARSEABLE, "a,tuesday,1,2");
        assertReason(RejectReason.UNPARSEABLE, "a,2024-01-02 03:00,1,x");
        assertReason(RejectReason.NOT_FINITE, "a,2024-01-02 03:00,NaN,2");
        assertReason(RejectReason.NOT_FINITE, "a,2024-01-02 03:00,1,-Infinity");
    }

    private void assertReason(RejectReason reason, String line) {
        assertEquals(reason, assertThrows(BadEventException.class, () -> two.parse(line)).reason(), line);
    }
}
