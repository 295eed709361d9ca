package cuaderno.nn;

/**
 * What {@code Sequential.fit}'s loop asks of whatever trains the network: one optimisation step on a batch of
 * training rows. {@link BlasTrainer} does it for plain Dense stacks, {@link Dl4jTrainer} for everything else.
 */
interface Trainer {

    /** One step on the training rows given by index; returns the batch's loss before the update. */
    double step(int[] rows);

    /** Correct answers in the last batch, from its predictions before the update (when accuracy was asked for). */
    long correct();
}
