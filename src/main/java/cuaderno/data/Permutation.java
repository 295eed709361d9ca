package cuaderno.data;

import java.util.Random;

/** Random orders of 0..n-1 (Fisher–Yates), for shuffled epochs and subsets. */
public final class Permutation {

    private Permutation() {
    }

    /** 0..n-1 in an order drawn from {@code random}. */
    public static int[] of(int n, Random random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** 0..n-1 in order. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
