package cuaderno.nn.engine;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras' dropout for DL4J's DropoutLayer, with the masks of {@link DropoutMask}: DL4J's fit and the fast engine drop
 * the same values at the same iteration. Saved with the model (rate and seed).
 */
public final class KerasDropout implements IDropout {

    private final double rate;
    private final long seed;
    private transient float[] scale; // the last forward pass's mask, for its backward pass
    private transient long[] shape;

    public KerasDropout(@JsonProperty("rate") double rate, @JsonProperty("seed") long seed) {
        this.rate = rate;
        this.seed = seed;
    }

    public double getRate() {
        return rate;
    }

    public long getSeed() {
        return seed;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch, LayerWorkspaceMgr workspaces) {
        int n = Math.toIntExact(input.length());
        scale = new float[n];
        shape = input.shape();
        DropoutMask.fill(scale, n, rate, seed, iteration);
        return result.assign(input.mul(mask(input)));
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        return gradAtInput.assign(gradAtOutput.mul(mask(gradAtOutput)));
    }

    /** The mask as an array like {@code like}: made where it is used (DL4J's workspaces close between the passes). */
    private INDArray mask(INDArray like) {
        return Nd4j.create(scale, shape, 'c').castTo(like.dataType());
    }

    @Override
    public void clear() {
        scale = null;
    }

    @Override
    public KerasDropout clone() {
        return new KerasDropout(rate, seed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KerasDropout d && d.rate == rate && d.seed == seed;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(rate) * 31 + Long.hashCode(seed);
    }
}
