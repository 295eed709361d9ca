package cuaderno.kernel;

import cuaderno.display.Frontend;
import cuaderno.display.Notebook;
import cuaderno.eval.CellError;
import cuaderno.eval.Evaluator;
import cuaderno.magic.MagicError;
import cuaderno.magic.MagicHost;
import cuaderno.magic.MagicSyntax;
import cuaderno.magic.StandardMagics;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.JupyterIOAccess;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Jupyter side of Cuaderno: execute requests, streams, display, magics, history, interrupt. Evaluation itself
 * is the {@link Evaluator}'s; rendering is the renderer registry's, which extensions fill.
 */
public final class CuadernoKernel extends BaseKernel implements Frontend, MagicHost {

    private static final Logger LOG = LoggerFactory.getLogger(CuadernoKernel.class);
    /** How long after its start the kernel may hold back its first kernel_info reply while it warms up. */
    private static final long READY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Imported in every session: the helper API and what the jshell tool imports by default. */
    static final List<String> SESSION_IMPORTS = List.of(
            "import java.util.*;", "import java.util.function.*;", "import java.util.stream.*;",
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.concurrent.*;", "import java.util.regex.*;",
            "import cuaderno.display.*;", "import cuaderno.data.*;", "import cuaderno.nn.*;", "import cuaderno.graph.*;",
            "import cuaderno.plot.*;", "import cuaderno.table.*;", "import tech.tablesaw.api.*;",
            "import org.nd4j.linalg.api.ndarray.INDArray;", "import org.nd4j.linalg.factory.Nd4j;", "import static cuaderno.display.Notebook.*;",
            "import cuaderno.homework.Check;");

    /** The evaluator with the session imports, warming up: what the kernel waits for before it reports ready. */
    private final Warmup warmup;
    /** The same once the CUADERNO_STARTUP script ran: what cells wait for. */
    private final CompletableFuture<Evaluator> evaluator;
    private volatile CompletableFuture<?> ready;
    private final long createdNanos = System.nanoTime();
    private final SessionHistory history;
    private final CellStreams streams;
    private final List<String> classpath;
    private final JavadocSources javadocSources = new JavadocSources();
    private final MemoryNote memoryNote = new MemoryNote();
    private volatile ShellReplyEnvironment currentEnv;
    /** Execute requests sent before this time are aborted: a cell failed and the frontend asked to stop on error. */
    private volatile long abortSentBefore = Long.MIN_VALUE;

    public CuadernoKernel() {
        // JShell's compiler takes a second to warm up: started first (before super()), it warms while the kernel
        // opens its sockets
        this(Warmup.start(SESSION_IMPORTS), new SessionHistory(), new CellStreams(System.err));
    }

    private CuadernoKernel(Warmup warmup, SessionHistory history, CellStreams streams) {
        super("cuaderno", version(), languageInfo(), List.of(), history, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, new MagicsRegistry(), true, errorStyler());
        this.warmup = warmup;
        this.history = history;
        this.streams = streams;
        this.classpath = warmup.classpath();
        StandardMagics.register(magicsRegistry, this);
        this.evaluator = warmup.evaluator().thenApply(CuadernoKernel::runStartupScript);
        this.ready = warmup.evaluator();
    }

    @Override
    public void onStartup() {
        super.onStartup();
        ready = warmup.evaluator().thenRun(Warmup::render); // the renderers are registered now
        ready.thenRun(() -> warmup.indexing().idle());
    }

    private static String version() {
        String v = CuadernoKernel.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .exporter("script")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }

    Evaluator evaluator() {
        return evaluator.join();
    }

    /** Runs the CUADERNO_STARTUP script, if any, before the first cell. */
    private static Evaluator runStartupScript(Evaluator e) {
        String startup = System.getenv("CUADERNO_STARTUP");
        if (startup == null || startup.isBlank()) {
            return e;
        }
        Path script = Path.of(startup);
        try {
            e.eval(Files.readString(script), script.getFileName().toString());
        } catch (CellError error) {
            LOG.warn("CUADERNO_STARTUP script {} failed:\n{}", script, error.plainText());
        } catch (Exception error) {
            LOG.warn("Cannot read CUADERNO_STARTUP script {}: {}", script, error.toString());
        }
        return e;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.thenAccept(Evaluator::close);
    }

    // ---------------------------------------------------------------- execute

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        env.setStatusBusy();
        ClassIndexing idleWork = warmup.indexing();
        if (idleWork != null) {
            idleWork.busy();
        }
        try {
            execute(env, message);
        } finally {
            if (idleWork != null) {
                idleWork.idle();
            }
            // deferrals resolve last in, first out: "idle" goes out just before the reply, so a client that has
            // the reply already has every iopub message of the request, even if the kernel pauses between the two
            // sends (the conformance suite allows 100 ms between the iopub messages that follow a reply)
            env.defer().setStatusIdle();
        }
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        if (sentBefore(message, abortSentBefore)) {
            replyAborted(env);
            return;
        }
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : executionCount.get();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        attach(env, request.isStdinEnabled());
        try {
            Optional<Object> value = runCell(request.getCode(), "In [" + count + "]");
            streams.flush();
            String output = "";
            if (value.isPresent() && !silent && shown(value.get())) {
                DisplayData data = Notebook.render(value.get());
                env.publish(new PublishExecuteResult(count, data));
                Object text = data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
                output = text == null ? "" : text.toString();
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
            if (store) {
                history.add(count, request.getCode(), output);
            }
        } catch (CellError error) {
            streams.flush();
            env.publish(new PublishError(error.name(), error.value(), error.traceback()));
            ErrorReply reply = new ErrorReply(error.name(), error.value(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            if (store) {
                history.add(count, request.getCode(), null);
            }
            if (request.shouldStopOnError()) {
                abortSentBefore = System.currentTimeMillis();
            }
        } finally {
            if (!silent && evaluator.isDone()) {
                memoryNote.afterCell(evaluator()).ifPresent(note -> env.publish(new PublishDisplayData(note)));
            }
            detach(env);
        }
    }

    private void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
        currentEnv = env;
        JupyterIOAccess.attach(io, env, stdinAllowed);
        streams.attach(env);
        System.setOut(streams.out);
        System.setErr(streams.err);
        System.setIn(new FlushingInput(io.in, streams));
    }

    private void detach(ShellReplyEnvironment env) {
        streams.detach();
        JupyterIOAccess.detach(io, env);
        currentEnv = null;
    }

    private static boolean sentBefore(Message<?> message, long millis) {
        if (millis == Long.MIN_VALUE) {
            return false;
        }
        // jjava's own parser rejects the microseconds Python clients send
        var timestamp = message.getHeader().getTimestamp();
        try {
            return timestamp != null && OffsetDateTime.parse(timestamp.getDateString()).toInstant().toEpochMilli() < millis;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * History requests, answered with the protocol's [session, line, input] tuples (jjava a6 serialises its
     * entries as objects, and sends no reply at all without a history manager).
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                yield history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
        };
        List<List<Object>> tuples = entries.stream()
                .map(e -> List.<Object>of(e.getSession(), e.getCellNumber(),
                        e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput()))
                .toList();
        env.reply(new Message(env.getContext(), MessageType.HISTORY_REPLY, Map.of("status", "ok", "history", tuples)));
    }

    /** kernel_info with the "status" field the protocol (and the conformance suite) requires. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        awaitReady(READY_WAIT_NANOS - (System.nanoTime() - createdNanos), TimeUnit.NANOSECONDS);
        env.setBusyDeferIdle();
        LanguageInfo language = getLanguageInfo();
        Map<String, Object> languageInfo = new LinkedHashMap<>();
        languageInfo.put("name", language.getName());
        languageInfo.put("version", language.getVersion());
        languageInfo.put("mimetype", language.getMimetype());
        languageInfo.put("file_extension", language.getFileExtension());
        languageInfo.put("pygments_lexer", language.getPygmentsLexer());
        languageInfo.put("codemirror_mode", language.getCodemirrorMode());
        languageInfo.put("nbconvert_exporter", language.getNbconvertExporter());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("protocol_version", Header.PROTOCOL_VERISON);
        content.put("implementation", getName());
        content.put("implementation_version", getVersion());
        content.put("language_info", languageInfo);
        content.put("banner", "Cuaderno " + getVersion() + ": Java " + Runtime.version()
                + " notebooks for teaching neural networks");
        content.put("help_links", List.of(Map.of("text", "Cuaderno", "url", "https://github.com/cuaderno/cuaderno")));
        env.reply(new Message(env.getContext(), MessageType.KERNEL_INFO_REPLY, content));
    }

    /**
     * Holds the first kernel_info reply (what clients take for "ready") until the compiler is warm, so that the
     * first cell answers at once; on a machine too busy to warm up within 10 s of the start, every request after
     * that is answered at once.
     */
    void awaitReady(long timeout, TimeUnit unit) {
        try {
            ready.get(Math.max(0, timeout), unit);
        } catch (TimeoutException | ExecutionException e) {
            // cells will wait for the evaluator themselves, and report its failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ipykernel's reply to a request aborted after an earlier error; ExecuteReply has no such status. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void replyAborted(ShellReplyEnvironment env) {
        Map<String, Object> content = Map.of("status", "aborted", "user_expressions", Map.of());
        env.defer().reply(new Message(env.getContext(), MessageType.EXECUTE_REPLY, content));
    }

    /** Runs a cell: its cell magic, or its line magics and Java code in order. */
    private Optional<Object> runCell(String code, String label) throws CellError {
        MagicSyntax.CellMagic cellMagic = MagicSyntax.cellMagic(code);
        if (cellMagic != null) {
            return Optional.ofNullable(magic(label, () ->
                    magicsRegistry.evalCellMagic(this, cellMagic.name(), cellMagic.args(), cellMagic.body()),
                    "%%" + cellMagic.name(), magicsRegistry.getCellMagicNames()));
        }
        Optional<Object> last = Optional.empty();
        for (MagicSyntax.Part part : MagicSyntax.parts(code)) {
            if (part instanceof MagicSyntax.Code c) {
                last = evaluator().eval(c.code(), label);
            } else if (part instanceof MagicSyntax.LineMagic m) {
                last = Optional.ofNullable(magic(label, () -> magicsRegistry.evalLineMagic(this, m.name(), m.args()),
                        "%" + m.name(), magicsRegistry.getLineMagicNames()));
            }
        }
        return last;
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private static Object magic(String label, MagicCall call, String name, Set<String> known) throws CellError {
        try {
            return call.call();
        } catch (CellError e) {
            throw e;
        } catch (UndefinedMagicException e) {
            String message = name + " is not a magic. Known: " + known.stream().sorted()
                    .map(n -> (name.startsWith("%%") ? "%%" : "%") + n).toList() + " (%lsmagic lists them all)";
            throw CellError.of("UnknownMagic", message);
        } catch (Exception e) {
            String message = name + ": " + (e instanceof MagicError ? e.getMessage() : e.toString());
            throw new CellError("MagicError", message, List.of("\u001b[1;31mMagicError\u001b[0m (" + label + "): " + message));
        }
    }

    @Override
    public Object evalRaw(String source) {
        try {
            return runCell(source, "eval").orElse(null);
        } catch (CellError e) {
            throw new IllegalStateException(e.plainText(), e);
        }
    }

    // ---------------------------------------------------------------- display

    @Override
    public void display(DisplayData data) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            streams.flush();
            env.publish(new PublishDisplayData(data));
        }
    }

    @Override
    public void updateDisplay(String displayId, DisplayData data) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            data.setDisplayId(displayId);
            streams.flush();
            env.publish(new PublishUpdateDisplayData(data));
        }
    }

    @Override
    public void clearOutput(boolean wait) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            streams.flush();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    // ---------------------------------------------------------------- magic host

    @Override
    public Optional<Object> run(String code, String label) throws CellError {
        return runCell(code, label);
    }

    @Override
    public void addToClasspath(List<Path> paths) {
        Evaluator e = evaluator();
        for (Path path : paths) {
            String entry = path.toAbsolutePath().toString();
            if (!classpath.contains(entry)) {
                classpath.add(entry);
                e.addToClasspath(entry);
            }
        }
        installExtensions(e.cellClassLoader());
    }

    @Override
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    public Set<String> lineMagicNames() {
        return magicsRegistry.getLineMagicNames();
    }

    @Override
    public Set<String> cellMagicNames() {
        return magicsRegistry.getCellMagicNames();
    }

    @Override
    public Object memoryReport() {
        Evaluator e = evaluator();
        e.tidyMemory();
        return MemoryReport.of(e.variables());
    }

    /**
     * Whether a cell's value is shown. Not the stream that {@code System.out.printf(...)} returns: a cell ending in
     * printf means "print", as Python's print returns None.
     */
    private static boolean shown(Object value) {
        return !(value instanceof java.io.PrintStream);
    }

    // ---------------------------------------------------------------- completion, inspection, interrupt

    @Override
    public ReplacementOptions complete(String code, int at) {
        Evaluator e = evaluator();
        warmup.indexing().resumeNow();
        return CodeAssist.complete(e, code, at, lineMagicNames(), cellMagicNames());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        Evaluator e = evaluator();
        javadocSources.update(e.analysis(), classpath);
        return CodeAssist.inspect(e, code, at);
    }

    @Override
    public String isComplete(String code) {
        return CodeAssist.isComplete(evaluator(), code);
    }

    @Override
    public void interrupt() {
        // stopping may wait for the cell to unwind: do not hold up the control channel's reply
        Thread stopper = new Thread(() -> {
            if (evaluator.isDone() && !evaluator().interrupt()) {
                LOG.warn("The cell is inside library code that ignores interrupts, and this JDK ({}) cannot force "
                        + "a stop (Thread.stop was removed in JDK 20). Restart the kernel if it does not end.",
                        Runtime.version());
            }
        }, "interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** System.in for cells: shows pending output (a prompt) before asking the frontend for input. */
    private static final class FlushingInput extends InputStream {
        private final InputStream in;
        private final CellStreams streams;

        FlushingInput(InputStream in, CellStreams streams) {
            this.in = in;
            this.streams = streams;
        }

        @Override
        public int read() throws java.io.IOException {
            streams.flush();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            streams.flush();
            return in.read(b, off, len);
        }

        @Override
        public int available() throws java.io.IOException {
            return in.available();
        }
    }

}
