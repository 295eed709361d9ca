package cuaderno.homework;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A notebook file (nbformat 4) as JSON: its cells and metadata, everything else kept as it was read. Written the way
 * nbformat writes (keys sorted, one-space indent, multi-line strings as lists of lines), so a notebook that goes
 * through Cuaderno and then through Jupyter or nbgrader shows no spurious differences.
 */
public final class NotebookFile {

    private static final Gson WRITER = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent(" ")).create();

    private final JsonObject json;
    private final String name;

    private NotebookFile(JsonObject json, String name) {
        this.json = json;
        this.name = name;
    }

    public static NotebookFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new HomeworkError("no such notebook: " + path);
        }
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.getFileName().toString());
        } catch (IOException e) {
            throw new HomeworkError("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** @param name the file name it is known by, for messages and for the copy it is written as */
    public static NotebookFile parse(String text, String name) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new HomeworkError(name + " is not a notebook: it is not valid JSON");
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("cells")
                || !root.getAsJsonObject().get("cells").isJsonArray()) {
            throw new HomeworkError(name + " is not a notebook: it has no list of cells");
        }
        JsonObject object = root.getAsJsonObject();
        if (object.has("nbformat") && object.get("nbformat").getAsInt() < 4) {
            throw new HomeworkError(name + " is an nbformat " + object.get("nbformat") + " notebook: open and save it "
                    + "in Jupyter first (nbformat 4)");
        }
        if (!object.has("metadata") || !object.get("metadata").isJsonObject()) {
            object.add("metadata", new JsonObject());
        }
        return new NotebookFile(object, name);
    }

    public String name() {
        return name;
    }

    /** The cells, as live views: changing one changes this notebook. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (JsonElement element : json.getAsJsonArray("cells")) {
            if (element.isJsonObject()) {
                cells.add(new Cell(element.getAsJsonObject()));
            }
        }
        return cells;
    }

    public void cells(List<Cell> cells) {
        JsonArray array = new JsonArray();
        cells.forEach(cell -> array.add(cell.json()));
        json.add("cells", array);
    }

    public JsonObject metadata() {
        return json.getAsJsonObject("metadata");
    }

    /**
     * The language the notebook speaks to students, {@code "es"} or {@code "en"}: {@code metadata.cuaderno.language},
     * which {@code assign} writes. Test messages, stubs and feedback follow it.
     */
    public String language() {
        JsonElement cuaderno = metadata().get("cuaderno");
        if (cuaderno != null && cuaderno.isJsonObject() && cuaderno.getAsJsonObject().has("language")) {
            return Messages.normalise(cuaderno.getAsJsonObject().get("language").getAsString());
        }
        return Messages.DEFAULT_LANGUAGE;
    }

    public void language(String language) {
        JsonElement cuaderno = metadata().get("cuaderno");
        JsonObject object = cuaderno != null && cuaderno.isJsonObject() ? cuaderno.getAsJsonObject() : new JsonObject();
        object.addProperty("language", Messages.normalise(language));
        metadata().add("cuaderno", object);
    }

    /** Makes the notebook run on Cuaderno's kernel, whatever kernel it named. */
    public void useCuadernoKernel() {
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("display_name", "Java (Cuaderno)");
        kernelspec.addProperty("language", "java");
        kernelspec.addProperty("name", "cuaderno");
        metadata().add("kernelspec", kernelspec);
    }

    public NotebookFile copy() {
        return new NotebookFile(json.deepCopy(), name);
    }

    public NotebookFile renamed(String newName) {
        return new NotebookFile(json, newName);
    }

    public JsonObject json() {
        return json;
    }

    /** The notebook as nbformat writes it. */
    public String toJson() {
        JsonObject copy = json.deepCopy();
        for (JsonElement cell : copy.getAsJsonArray("cells")) {
            splitLines(cell.getAsJsonObject());
        }
        return WRITER.toJson(sorted(copy)) + "\n";
    }

    public void write(Path path) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HomeworkError("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** nbformat's split_lines: source, stream text and text/* data become lists of lines. */
    private static void splitLines(JsonObject cell) {
        splitMember(cell, "source");
        JsonElement outputs = cell.get("outputs");
        if (outputs == null || !outputs.isJsonArray()) {
            return;
        }
        for (JsonElement element : outputs.getAsJsonArray()) {
            JsonObject output = element.getAsJsonObject();
            splitMember(output, "text");
            JsonElement data = output.get("data");
            if (data != null && data.isJsonObject()) {
                for (Map.Entry<String, JsonElement> entry : data.getAsJsonObject().entrySet()) {
                    String mime = entry.getKey();
                    if (mime.startsWith("text/") || mime.equals("application/javascript") || mime.equals("image/svg+xml")) {
                        splitMember(data.getAsJsonObject(), mime);
                    }
                }
            }
        }
    }

    private static void splitMember(JsonObject object, String member) {
        JsonElement value = object.get(member);
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            JsonArray lines = new JsonArray();
            String text = value.getAsString();
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines.add(text.substring(start, i + 1));
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
            object.add(member, lines);
        }
    }

    private static JsonElement sorted(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, JsonElement> members = new TreeMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
            JsonObject object = new JsonObject();
            members.forEach(object::add);
            return object;
        }
        if (element.isJsonArray()) {
            JsonArray array = new JsonArray();
            element.getAsJsonArray().forEach(e -> array.add(sorted(e)));
            return array;
        }
        return element;
    }

    /** Joins a string-or-list-of-lines member, as nbformat's rejoin_lines does. */
    static String text(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "";
        }
        if (value.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            value.getAsJsonArray().forEach(line -> text.append(line.isJsonNull() ? "" : line.getAsString()));
            return text.toString();
        }
        return value.getAsString();
    }
}
