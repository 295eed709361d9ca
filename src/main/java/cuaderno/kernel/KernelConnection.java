package cuaderno.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * jjava's connection with two changes to the shell and control channels: they wait on the socket instead of
 * polling every 50 ms (a trivial cell answers in milliseconds), and a message with a wrong or missing signature
 * is logged and dropped instead of ending the channel's thread. With {@code "transport": "ipc"}, every channel
 * listens on the endpoint files the connection file names, through an {@link IpcRelay}.
 */
final class KernelConnection extends JupyterConnection {

    private final KernelConnectionProperties properties;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Channel shellChannel;
    private final Channel controlChannel;
    private final IpcRelay ipcRelay = new IpcRelay();

    KernelConnection(KernelConnectionProperties properties) throws NoSuchAlgorithmException, InvalidKeyException {
        super(properties);
        this.properties = properties;
        this.shellChannel = new Channel(context, properties, false, this);
        this.controlChannel = new Channel(context, properties, true, this);
    }

    @Override
    public void connect() {
        boolean ipc = "ipc".equals(properties.getTransport());
        // for ipc, the channels listen on the TCP loopback (ports the system picks) and IpcRelay serves the files
        KernelConnectionProperties bound = ipc ? new KernelConnectionProperties("127.0.0.1", 0, 0, 0, 0, 0, "tcp",
                properties.getSignatureScheme(), properties.getKey()) : properties;
        heartbeat.bind(bound);
        shellChannel.bind(bound);
        controlChannel.bind(bound);
        stdin.bind(bound);
        iopub.bind(bound);
        if (ipc) {
            relayIpc();
        }
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    private void relayIpc() {
        Map<Integer, ZMQ.Socket> channels = Map.of(properties.getHbPort(), heartbeat, properties.getShellPort(), shellChannel,
                properties.getControlPort(), controlChannel, properties.getStdinPort(), stdin, properties.getIopubPort(), iopub);
        try {
            for (Map.Entry<Integer, ZMQ.Socket> channel : channels.entrySet()) {
                String endpoint = channel.getValue().getLastEndpoint(); // tcp://127.0.0.1:PORT
                int tcpPort = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
                ipcRelay.relay(IpcRelay.endpointFile(properties.getIp(), channel.getKey()), tcpPort);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on the ipc endpoints " + properties.getIp() + "-*", e);
        }
    }

    @Override
    public void close() {
        shellChannel.close();
        controlChannel.close();
        super.close();
        ipcRelay.close();
        context.close();
    }

    @Override
    public void waitUntilClose() {
        shellChannel.waitUntilClose();
        controlChannel.waitUntilClose();
    }

    /** A shell or control channel whose loop blocks on the socket and survives bad messages. */
    private static final class Channel extends ShellChannel {
        private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
        private static final int POLL_MILLIS = 200;

        private final boolean control;
        private final JupyterConnection connection;
        private volatile boolean running;
        private Thread loop;

        Channel(ZMQ.Context context, KernelConnectionProperties properties, boolean control, JupyterConnection connection)
                throws NoSuchAlgorithmException, InvalidKeyException {
            super(context, properties.createHMACGenerator(), control, connection);
            this.control = control;
            this.connection = connection;
        }

        @Override
        public void bind(KernelConnectionProperties properties) {
            int port = control ? properties.getControlPort() : properties.getShellPort();
            super.base().bind(formatAddress(properties.getTransport(), properties.getIp(), port));
            ZMQ.Poller poller = ctx.poller(1);
            poller.register(this, ZMQ.Poller.POLLIN);
            running = true;
            loop = new Thread(() -> {
                while (running) {
                    try {
                        if (poller.poll(POLL_MILLIS) > 0) {
                            handleOne();
                        }
                    } catch (RuntimeException e) { // the socket closed under us at shutdown
                        if (running) {
                            LOG.warn("Channel loop error: {}", e.toString());
                        }
                    }
                }
            }, control ? "control" : "shell");
            loop.start();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void handleOne() {
            Message<?> message;
            try {
                message = readMessage();
            } catch (SecurityException e) {
                LOG.warn("Dropped a message with a wrong or missing signature on the {} channel", control ? "control" : "shell");
                return;
            } catch (RuntimeException e) {
                LOG.warn("Dropped a message that could not be read: {}", e.toString());
                return;
            }
            if (message == null) {
                return;
            }
            ShellHandler handler = connection.getHandler(message.getHeader().getType());
            if (handler == null) {
                LOG.info("No handler for {} messages", message.getHeader().getType().getName());
                return;
            }
            ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
            try {
                handler.handle(env, message);
            } catch (Exception e) {
                LOG.warn("Error handling {}: {}", message.getHeader().getType().getName(), e.toString());
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                running = false;
                connection.close();
            }
        }

        @Override
        public void close() {
            running = false;
            super.close();
        }

        @Override
        public void waitUntilClose() {
            Thread thread = loop;
            if (thread != null && thread != Thread.currentThread()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
