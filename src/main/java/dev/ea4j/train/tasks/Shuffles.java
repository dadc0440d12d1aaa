package dev.ea4j.train.tasks;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded shuffling shared by the tasks: one generator per (seed, epoch), Fisher-Yates from the end. */
final class Shuffles {

    private Shuffles() {}

    /** The generator for one epoch of a run with {@code seed}. */
    static SplittableRandom forEpoch(long seed, int epoch) {
        return new SplittableRandom(seed * 1_000_003L + epoch);
    }

    /** A random permutation of 0..n-1. */
    static int[] permutation(int n, SplittableRandom r) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Shuffles {@code list} in place. */
    static void shuffle(List<?> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) Collections.swap(list, i, r.nextInt(i + 1));
    }
}
