package dev.ea4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void orderMustBeEvenAndAtLeastTwo() {
        assertEquals(2, Checks.order(2));
        assertEquals(6, Checks.order(6));
        for (int p : new int[] {-2, -1, 0, 1, 3, 7}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checks.order(p));
            assertTrue(e.getMessage().contains("p = " + p), e.getMessage());
        }
    }

    @Test
    void shapesAreRank2Or3WithPositiveDims() {
        Checks.Dims d = Checks.shape("q", new int[] {63, 60});
        assertEquals(new Checks.Dims(1, 63, 60, 2), d);
        assertEquals(new Checks.Dims(2, 5, 3, 3), Checks.shape("q", new int[] {2, 5, 3}));
        assertThrows(InvalidInputException.class, () -> Checks.shape("q", new int[] {5}));
        assertThrows(InvalidInputException.class, () -> Checks.shape("q", new int[] {1, 2, 3, 4}));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checks.shape("q", new int[] {0, 4}));
        assertTrue(e.getMessage().contains("L = 0"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Checks.shape("q", new int[] {3, 0}));
        assertThrows(InvalidInputException.class, () -> Checks.shape("q", new int[] {0, 3, 2}));
    }

    @Test
    void finiteNamesArrayAndIndex() {
        float[] a = new float[24];
        a[17] = Float.POSITIVE_INFINITY;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Checks.finite("k", a, new int[] {2, 3, 4}));
        assertTrue(e.getMessage().startsWith("k ") && e.getMessage().contains("[1, 1, 1]"), e.getMessage());
    }

    @Test
    void shapesMatchAndHeadsDivide() {
        assertThrows(InvalidInputException.class, () -> Checks.sameShape("k", new int[] {2, 3}, "q", new int[] {3, 2}));
        Checks.sameShape("k", new int[] {2, 3}, "q", new int[] {2, 3});
        assertEquals(4, Checks.heads(4, 60));
        assertThrows(InvalidInputException.class, () -> Checks.heads(7, 60));
        assertThrows(InvalidInputException.class, () -> Checks.heads(0, 60));
    }

    @Test
    void attentionFacadeValidatesBeforeRunning() {
        Attention att = new Attention("java", true);
        float[] x = new float[6];
        float[] bad = new float[6];
        bad[2] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> att.eaSeries(x, x, x, 1, 2, 3, 3, false));
        assertThrows(InvalidInputException.class, () -> att.eaSeries(x, bad, x, 1, 2, 3, 2, false));
        assertThrows(InvalidInputException.class, () -> att.eaSeries(x, x, new float[5], 1, 2, 3, 2, false));
        assertThrows(InvalidInputException.class, () -> att.softmax(x, x, x, 1, 2, 3, 2, false));
        assertThrows(InvalidInputException.class, () -> att.eaSeries(x, x, x, 1, 0, 3, 2, false));
        assertThrows(InvalidInputException.class,
                () -> att.backward(Attention.Spec.recurrent(2), x, x, x, x, Checks.dims(1, 2, 3)));
    }
}
