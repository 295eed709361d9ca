package cuaderno.nn.io;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A saved model: one zip file, DL4J's own (configuration, weights, optimiser state) with the Keras-level description
 * as one more text entry, so that the file alone makes the model again.
 */
public final class ModelFile {

    /** The zip entry holding the Keras-level description (at the top: DL4J's reader refuses folders). */
    static final String DESCRIPTION = "cuaderno-sequential.txt";

    /** What a model file holds. */
    public record Contents(MultiLayerNetwork network, String description) {
    }

    private ModelFile() {
    }

    /** Writes the file in one piece: to a temporary file beside it, then moved into place. */
    public static void write(Path file, MultiLayerNetwork network, String description) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            ModelSerializer.writeModel(network, partial.toFile(), true);
            try (FileSystem zip = FileSystems.newFileSystem(partial, Map.of())) {
                Files.writeString(zip.getPath(DESCRIPTION), description);
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no saved model at " + file.toAbsolutePath());
        }
        String description;
        try (FileSystem zip = FileSystems.newFileSystem(file, Map.of())) {
            description = Files.readString(zip.getPath(DESCRIPTION));
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is a DL4J model without Cuaderno's description: load it with"
                    + " ModelSerializer.restoreMultiLayerNetwork, or save it again with model.save");
        }
        return new Contents(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true), description);
    }
}
