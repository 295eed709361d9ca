package cuaderno.homework;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One notebook cell, a view over its JSON: type, source, metadata and (code cells) outputs. */
public final class Cell {

    private final JsonObject json;

    Cell(JsonObject json) {
        this.json = json;
        if (!json.has("metadata") || !json.get("metadata").isJsonObject()) {
            json.add("metadata", new JsonObject());
        }
    }

    public static Cell code(String source) {
        JsonObject json = new JsonObject();
        json.addProperty("cell_type", "code");
        json.add("execution_count", JsonNull.INSTANCE);
        json.add("metadata", new JsonObject());
        json.add("outputs", new JsonArray());
        json.addProperty("source", source);
        return new Cell(json);
    }

    public static Cell markdown(String source) {
        JsonObject json = new JsonObject();
        json.addProperty("cell_type", "markdown");
        json.add("metadata", new JsonObject());
        json.addProperty("source", source);
        return new Cell(json);
    }

    JsonObject json() {
        return json;
    }

    /** {@code code}, {@code markdown} or {@code raw}. */
    public String type() {
        JsonElement type = json.get("cell_type");
        return type == null || type.isJsonNull() ? "raw" : type.getAsString();
    }

    public boolean isCode() {
        return type().equals("code");
    }

    public String source() {
        return NotebookFile.text(json.get("source"));
    }

    public void source(String source) {
        json.addProperty("source", source);
    }

    public JsonObject metadata() {
        return json.getAsJsonObject("metadata");
    }

    /** The cell's {@code nbgrader} metadata, or null when it has none. */
    public JsonObject nbgrader() {
        JsonElement nbgrader = metadata().get("nbgrader");
        return nbgrader != null && nbgrader.isJsonObject() ? nbgrader.getAsJsonObject() : null;
    }

    public List<JsonObject> outputs() {
        List<JsonObject> outputs = new ArrayList<>();
        JsonElement array = json.get("outputs");
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(o -> {
                if (o.isJsonObject()) {
                    outputs.add(o.getAsJsonObject());
                }
            });
        }
        return outputs;
    }

    public void outputs(List<JsonObject> outputs, Integer executionCount) {
        JsonArray array = new JsonArray();
        outputs.forEach(array::add);
        json.add("outputs", array);
        if (executionCount == null) {
            json.add("execution_count", JsonNull.INSTANCE);
        } else {
            json.addProperty("execution_count", executionCount);
        }
    }

    /** nbconvert's ClearOutput: no outputs, no execution count (code cells only). */
    public void clearOutputs() {
        if (isCode()) {
            outputs(List.of(), null);
        }
    }

    /** Makes this cell the given type, as nbgrader does when a student changed a graded cell's type. */
    public void type(String type) {
        if (type.equals(type())) {
            return;
        }
        json.addProperty("cell_type", type);
        if (type.equals("code")) {
            outputs(List.of(), null);
        } else {
            json.remove("outputs");
            json.remove("execution_count");
        }
    }

    public Cell copy() {
        return new Cell(json.deepCopy());
    }
}
