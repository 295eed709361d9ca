package cuaderno.nn.engine;

/**
 * What trains a model during one {@code fit}: one optimisation step per batch of training rows. The model stays a
 * DL4J network; an engine that computes elsewhere makes that network current on {@link #sync} and on close.
 */
public interface Engine extends AutoCloseable {

    /** One step on the training rows given by index; returns the batch's loss before the update. */
    double step(int[] rows);

    /** Correct answers in the last batch, from its predictions before the update (when accuracy was asked for). */
    long correct();

    /** Makes DL4J's network current: parameters, optimiser state, iteration count and score. */
    void sync();

    /** Which engine this is, and for DL4J's fit why: shown by summary() and History. */
    String description();

    /** Syncs the network and frees what the engine owns. */
    @Override
    void close();
}
