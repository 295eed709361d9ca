package cuaderno.experiment;

/** How a run of an experiment ended: it finished, or why it did not (a "DNF" in the table). */
public enum Status {
    /** Finished; its result counts. */
    OK("ok", "finished"),
    /** Stopped by the experiment's time budget. */
    TIME("time", "over the time budget"),
    /** Stopped by the experiment's memory budget. */
    MEMORY("memory", "over the memory budget"),
    /** Ran out of memory: the heap, or native memory for ND4J's arrays. */
    OUT_OF_MEMORY("oom", "out of memory"),
    /** The loss became NaN (or the result is not a number). */
    NAN("nan", "the loss became NaN"),
    /** Threw an exception. */
    ERROR("error", "an error");

    private final String code;
    private final String words;

    Status(String code, String words) {
        this.code = code;
        this.words = words;
    }

    /** The short name in the results file and table: ok, time, memory, oom, nan, error. */
    public String code() {
        return code;
    }

    /** What happened, in a few words. */
    public String words() {
        return words;
    }

    /** True for a run that finished, false for a DNF. */
    public boolean finished() {
        return this == OK;
    }

    static Status ofCode(String code) {
        for (Status status : values()) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        return null;
    }
}
