package cuaderno.experiment;

/**
 * One run of an experiment: its configuration, its result (NaN when it did not finish), how long it took, the most
 * memory the kernel used meanwhile, and how it ended.
 *
 * @param seconds  how long it ran; NaN for a run not started because its estimate was over the time budget
 * @param memoryMb the kernel's largest resident size during the run, in MB (NaN where not measured)
 * @param reason   why it did not finish, one line in words; empty for a finished run
 */
public record Run(Config config, double result, double seconds, double memoryMb, Status status, String reason) {

    public boolean finished() {
        return status.finished();
    }

    /** How the run shows in a table cell: its result, or DNF. */
    String cell(String format) {
        return finished() ? String.format(java.util.Locale.ROOT, format, result) : "DNF";
    }
}
