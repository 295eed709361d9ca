package cuaderno.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cell's stdout and stderr. Writes are buffered and published as stream messages at most every
 * {@value #FLUSH_MILLIS} ms or every {@value #CHUNK_BYTES} bytes, so a loop that prints once a second shows each
 * line as it comes and 10 MB of output is a few hundred messages, not a million. Output from any thread counts
 * while a cell runs; outside a cell it goes to the kernel's own log.
 */
final class CellStreams {

    static final int FLUSH_MILLIS = 50;
    static final int CHUNK_BYTES = 64 * 1024;

    final PrintStream out;
    final PrintStream err;

    private final Buffer outBuffer = new Buffer(false);
    private final Buffer errBuffer = new Buffer(true);
    private final PrintStream fallback;
    private volatile ShellReplyEnvironment env;

    CellStreams(PrintStream fallback) {
        this.fallback = fallback;
        this.out = new PrintStream(outBuffer, false, StandardCharsets.UTF_8);
        this.err = new PrintStream(errBuffer, false, StandardCharsets.UTF_8);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void attach(ShellReplyEnvironment env) {
        this.env = env;
    }

    /** Publishes what is pending and stops publishing to this request. */
    void detach() {
        flush();
        this.env = null;
    }

    /** Publishes pending output now: before any display, result or error, so that they stay in order. */
    synchronized void flush() {
        // never out.flush() here: PrintStream locks itself before our buffer, so that order would deadlock with a
        // printing cell; it holds no bytes of its own anyway (each print reaches the buffer at once)
        outBuffer.publish();
        errBuffer.publish();
    }

    private final class Buffer extends OutputStream {
        private final boolean isErr;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Buffer(boolean isErr) {
            this.isErr = isErr;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (CellStreams.this) {
                if (env == null) {
                    fallback.write(b, off, len);
                    return;
                }
                Buffer other = isErr ? outBuffer : errBuffer;
                if (other.bytes.size() > 0) {
                    other.publish(); // keep stdout and stderr in the order they were written
                }
                bytes.write(b, off, len);
                if (bytes.size() >= CHUNK_BYTES) {
                    publish();
                }
            }
        }

        /** Sends the complete UTF-8 characters buffered so far; an unfinished character waits for its bytes. */
        void publish() {
            synchronized (CellStreams.this) {
                ShellReplyEnvironment target = env;
                if (bytes.size() == 0 || target == null) {
                    return;
                }
                byte[] all = bytes.toByteArray();
                int end = completeUtf8Length(all);
                String text = new String(all, 0, end, StandardCharsets.UTF_8);
                bytes.reset();
                bytes.write(all, end, all.length - end);
                if (isErr) {
                    target.writeToStdErr(text);
                } else {
                    target.writeToStdOut(text);
                }
            }
        }
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
    static int completeUtf8Length(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= 3 && back <= n; back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
