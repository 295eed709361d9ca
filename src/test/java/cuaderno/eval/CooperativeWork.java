package cuaderno.eval;

/** Library-like work for EvaluatorTest: public, because cells call it. */
public final class CooperativeWork {

    private CooperativeWork() {
    }

    /** Busy for 2.5 s per round without looking at interrupts, then checks; returns the rounds done. */
    public static int slow() {
        try (var section = CellGuard.cooperative()) {
            int rounds = 0;
            while (true) {
                long end = System.nanoTime() + 2_500_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                rounds++;
                if (Thread.interrupted()) {
                    return rounds;
                }
            }
        }
    }
}
