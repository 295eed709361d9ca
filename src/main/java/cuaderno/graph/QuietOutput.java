package cuaderno.graph;

import java.io.PrintStream;

/**
 * SameDiff (1.0.0-M2.1) builds a gradient function with a leftover {@code System.out.println("Added differentiated
 * op ...")} per operation: 12-16 lines in the student's cell before their own output. It is not a logger, so no
 * log level silences it; these lines are dropped while the gradient is built, and everything else passes through.
 */
final class QuietOutput {

    private static final String DEBUG_LINE = "Added differentiated op ";

    private QuietOutput() {
    }

    static void withoutSameDiffDebugLines(Runnable action) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(original, true) {
            @Override
            public void println(String line) {
                if (line == null || !line.startsWith(DEBUG_LINE)) {
                    super.println(line);
                }
            }
        });
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
    }
}
