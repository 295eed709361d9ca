package cuaderno.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** Reads IDX files (the MNIST format): unsigned bytes with a shape, raw or gzip-compressed. */
public final class Idx {

    /** An IDX file's contents: its shape (first dimension = items) and its unsigned bytes, row-major. */
    public record Array(String name, int[] shape, byte[] data) {

        public int items() {
            return shape[0];
        }

        /** Bytes per item: 784 for 28×28 images, 1 for labels. */
        public int itemSize() {
            int size = 1;
            for (int i = 1; i < shape.length; i++) {
                size *= shape[i];
            }
            return size;
        }

        @Override
        public String toString() {
            return name + " " + Arrays.toString(shape);
        }
    }

    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {
    }

    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new DataError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from a stream, gzip or raw (told apart by the gzip magic number). */
    public static Array read(InputStream stream, String name) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(stream, 1 << 16);
            buffered.mark(2);
            int b1 = buffered.read();
            int b2 = buffered.read();
            buffered.reset();
            InputStream raw = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            DataInputStream in = new DataInputStream(raw);
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) == 0) {
                throw new DataError(name + " is not an IDX file of unsigned bytes (magic number 0x"
                        + Integer.toHexString(magic) + "). Delete it so that it is fetched again.");
            }
            int[] shape = new int[magic & 0xff];
            long total = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readInt();
                total *= shape[i];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataError(name + " declares " + total + " values, too many for one array");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return new Array(name, shape, data);
        } catch (EOFException e) {
            throw new DataError(name + " is truncated: it ends before the data its header declares. "
                    + "Delete it so that it is fetched again.", e);
        } catch (IOException e) {
            throw new DataError("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
