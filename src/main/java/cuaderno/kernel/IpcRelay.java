package cuaderno.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Jupyter's {@code ipc} transport for a kernel whose sockets are JeroMQ's. Jupyter (libzmq) means Unix domain
 * sockets, files named {@code <ip>-<port>}; JeroMQ's own "ipc" is TCP on a port hashed from the name, which no
 * libzmq client can reach. So the kernel binds its channels on the TCP loopback, and this relays each endpoint
 * file to its channel, byte for byte: ZMTP, ZeroMQ's wire protocol, is the same over either kind of stream.
 */
final class IpcRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpcRelay.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final List<ServerSocketChannel> endpoints = new CopyOnWriteArrayList<>();
    private final List<Path> files = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** The endpoint file Jupyter names for a channel: {@code <ip>-<port>}. */
    static Path endpointFile(String ip, int port) {
        return Path.of(ip + "-" + port);
    }

    /** Starts accepting on {@code file} (replacing a stale one), relaying each connection to the TCP loopback port. */
    void relay(Path file, int tcpPort) throws IOException {
        Files.deleteIfExists(file);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(file));
        endpoints.add(server);
        files.add(file);
        daemon("ipc " + file.getFileName(), () -> accept(server, tcpPort)).start();
    }

    private void accept(ServerSocketChannel server, int tcpPort) {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", tcpPort));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.add(client);
                connections.add(channel);
                daemon("ipc in", () -> pump(client, channel)).start();
                daemon("ipc out", () -> pump(channel, client)).start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ipc endpoint: {}", e.toString());
                }
                return;
            }
        }
    }

    /** Copies bytes from one socket to the other until either closes, then closes both. */
    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // the peer went away: the normal end of a connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            connections.remove(from);
            connections.remove(to);
        }
    }

    @Override
    public void close() {
        closed = true;
        endpoints.forEach(IpcRelay::closeQuietly);
        connections.forEach(IpcRelay::closeQuietly);
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("Could not delete {}: {}", file, e.toString());
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
