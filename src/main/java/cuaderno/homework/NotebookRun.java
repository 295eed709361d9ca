package cuaderno.homework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a notebook in a fresh kernel, through {@code run_notebook.py} (nbclient) in a {@link Sandbox}: the
 * notebook goes in on stdin, each cell comes back as it finishes. A run that goes past its whole-notebook limit is
 * killed; the cells it had finished keep their results, the others are marked not run.
 */
public final class NotebookRun {

    /** How a code cell ended. */
    public enum Status {
        OK, ERROR, TIMEOUT, DIED, SKIPPED, NOT_RUN;

        static Status parse(String text) {
            return switch (text) {
                case "ok" -> OK;
                case "error" -> ERROR;
                case "timeout" -> TIMEOUT;
                case "died" -> DIED;
                case "skipped" -> SKIPPED;
                default -> NOT_RUN;
            };
        }
    }

    /** Extra time beyond the notebook limit for starting kernels and stopping a cell that would not stop. */
    private static final int SLACK_SECONDS = 120;
    private static final long MAX_LINE_CHARS = 32L * 1024 * 1024;
    private static final int MAX_OUTPUT_CHARS = 100_000;

    private final NotebookFile executed;
    private final Map<Integer, Status> statuses;
    private final String problem;
    private final double seconds;

    private NotebookRun(NotebookFile executed, Map<Integer, Status> statuses, String problem, double seconds) {
        this.executed = executed;
        this.statuses = statuses;
        this.problem = problem;
        this.seconds = seconds;
    }

    /** Runs every code cell of {@code notebook} (which is not changed) in {@code sandbox}. */
    public static NotebookRun of(NotebookFile notebook, Sandbox sandbox, String runName) {
        long start = System.nanoTime();
        NotebookFile executed = notebook.copy();
        executed.useCuadernoKernel();
        List<Cell> cells = executed.cells();
        cells.forEach(Cell::clearOutputs);
        Map<Integer, Status> statuses = new HashMap<>();
        Path log = sandbox.logFile(runName);
        String problem = null;
        Limits limits = sandbox.limits();
        JsonObject request = new JsonObject();
        request.add("notebook", executed.json());
        request.addProperty("kernel", "cuaderno");
        request.addProperty("cell_timeout", limits.cellSeconds());
        request.addProperty("notebook_timeout", limits.notebookSeconds());
        request.addProperty("max_output_chars", MAX_OUTPUT_CHARS);
        request.addProperty("copy_as", notebook.name());
        Process process = null;
        try {
            process = sandbox.runner(executed.language(), log).start();
            Process running = process;
            Thread killer = new Thread(() -> {
                try {
                    if (!running.waitFor(limits.notebookSeconds() + SLACK_SECONDS, TimeUnit.SECONDS)) {
                        running.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    running.destroyForcibly();
                }
            }, "notebook-run-limit");
            killer.setDaemon(true);
            killer.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(request.toString().getBytes(StandardCharsets.UTF_8));
            }
            boolean done = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = readLimited(out)) != null) {
                    JsonObject message = parse(line);
                    if (message == null) {
                        continue;
                    }
                    if (message.has("done")) {
                        done = true;
                    } else if (message.has("problem")) {
                        problem = message.get("problem").getAsString();
                    } else if (message.has("cell")) {
                        int index = message.get("cell").getAsInt();
                        if (index >= 0 && index < cells.size()) {
                            cells.get(index).outputs(outputs(message.get("outputs")), executionCount(message));
                            statuses.put(index, Status.parse(message.get("status").getAsString()));
                        }
                    }
                }
            }
            process.waitFor(30, TimeUnit.SECONDS);
            killer.interrupt();
            if (!done && problem == null) {
                problem = process.isAlive() || process.exitValue() == 137 || process.exitValue() == 9
                        ? "the run went past its time limit and was stopped"
                        : "the notebook runner stopped: " + lastLines(log);
            }
        } catch (IOException e) {
            problem = "could not run the notebook: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).isCode() && !cells.get(i).source().isBlank()) {
                statuses.putIfAbsent(i, Status.NOT_RUN);
            }
        }
        return new NotebookRun(executed, statuses, problem, (System.nanoTime() - start) / 1e9);
    }

    /** A run that already happened (the executed notebook and each cell's status): for reports and tests. */
    static NotebookRun recorded(NotebookFile executed, Map<Integer, Status> statuses, String problem) {
        return new NotebookRun(executed, new HashMap<>(statuses), problem, 0);
    }

    /** The notebook with every cell's outputs as this run left them. */
    public NotebookFile executed() {
        return executed;
    }

    /** How the code cell at {@code index} ended (NOT_RUN for markdown and empty cells). */
    public Status status(int index) {
        return statuses.getOrDefault(index, Status.NOT_RUN);
    }

    /** Why the run as a whole did not finish (the kernel never started, the time limit), or null. */
    public String problem() {
        return problem;
    }

    public double seconds() {
        return seconds;
    }

    private static String readLimited(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            }
        }
        return line.length() > 0 ? line.toString() : null;
    }

    private static JsonObject parse(String line) {
        try {
            JsonElement element = JsonParser.parseString(line);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null; // a line cut at the size limit
        }
    }

    private static List<JsonObject> outputs(JsonElement outputs) {
        List<JsonObject> list = new ArrayList<>();
        if (outputs instanceof JsonArray array) {
            array.forEach(o -> {
                if (o.isJsonObject()) {
                    list.add(o.getAsJsonObject());
                }
            });
        }
        return list;
    }

    private static Integer executionCount(JsonObject message) {
        JsonElement count = message.get("execution_count");
        return count == null || count.isJsonNull() ? null : count.getAsInt();
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
