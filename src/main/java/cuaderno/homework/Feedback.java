package cuaderno.homework;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cuaderno.display.Escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A student's feedback page: the score, a table of the graded cells, then the notebook as it was graded — code,
 * outputs, and on each graded cell its result and message; hidden tests are shown (marked) now that grading is
 * done. One self-contained HTML file, A4 when printed ({@code java -jar cuaderno.jar pdf STUDENT.html}).
 *
 * <p>Nothing a student wrote reaches the page as markup: HTML outputs are shown by their plain text, images only as
 * PNG or JPEG data, so a submission cannot script the teacher's browser.
 */
public final class Feedback {

    private static final String STYLE = """
            @page { size: A4; margin: 14mm; }
            body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; max-width: 60em; margin: 1em auto; color: #222; }
            h1 { font-size: 1.4em; margin-bottom: 0.2em; } .who { color: #555; margin-top: 0; }
            .score { font-size: 1.2em; font-weight: bold; margin: 0.6em 0; }
            table.scores { border-collapse: collapse; margin: 0.8em 0 1.6em; }
            table.scores td, table.scores th { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; }
            td.points { text-align: right; white-space: nowrap; }
            .cell { margin: 1em 0; break-inside: avoid-page; }
            pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; white-space: pre-wrap; word-break: break-word;
                  margin: 0; padding: 0.5em 0.7em; }
            pre.code { background: #f5f5f5; border-left: 3px solid #bbb; }
            .hidden-tests { background: #fff4d6; display: block; }
            pre.out { border-left: 3px solid #eee; } pre.stderr { background: #fdeaea; } pre.error { color: #a00; background: #fdeaea; }
            .markdown { white-space: pre-wrap; padding: 0.3em 0.7em; }
            .result { padding: 0.35em 0.7em; font-weight: bold; } .pass { background: #e3f4e1; color: #1b5e20; }
            .fail { background: #fbe3e3; color: #8b1a1a; } .manual { background: #e8eefc; color: #1a3a8b; }
            .note { font-style: italic; color: #555; padding: 0.2em 0.7em; }
            img { max-width: 100%; }
            """;

    private Feedback() {
    }

    public static String html(GradedSubmission result, String assignmentName, String language) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language)
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Escape.html(Messages.get(language, "feedback.title", assignmentName) + " — " + result.student()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        page.append("<h1>").append(Escape.html(Messages.get(language, "feedback.title", assignmentName))).append("</h1>\n");
        page.append("<p class=\"who\">").append(Messages.get(language, "feedback.student")).append(": ")
                .append(Escape.html(result.student())).append("</p>\n");
        page.append("<p class=\"score\">").append(Messages.get(language, "feedback.score")).append(": ")
                .append(Escape.html(Messages.get(language, "report.of_points", Messages.points(result.earned()),
                        Messages.points(result.maxPoints()))));
        if (result.pending() > 0) {
            page.append(" (").append(Escape.html(Messages.get(language, "feedback.pending",
                    Messages.pointsPhrase(language, result.pending())))).append(")");
        }
        page.append("</p>\n");
        if (result.problem() != null) {
            page.append("<p class=\"result fail\">").append(Escape.html(result.problem())).append("</p>\n");
        }
        page.append(table(result, language));
        Map<Integer, CellScore> byCell = new HashMap<>();
        result.scores().forEach(s -> byCell.put(s.cell(), s));
        if (result.ran() != null) {
            List<Cell> cells = result.ran().cells();
            for (int i = 0; i < cells.size(); i++) {
                page.append(cell(cells.get(i), byCell.get(i), result, language));
            }
        }
        return page.append("</body>\n</html>\n").toString();
    }

    public static void write(Path file, GradedSubmission result, String assignmentName, String language) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, html(result, assignmentName, language), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HomeworkError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String table(GradedSubmission result, String language) {
        StringBuilder table = new StringBuilder("<table class=\"scores\">\n<tr><th>")
                .append(Messages.get(language, "feedback.cell")).append("</th><th>")
                .append(Messages.get(language, "feedback.result")).append("</th><th></th></tr>\n");
        for (CellScore score : result.scores()) {
            table.append("<tr><td>").append(Escape.html(score.gradeId())).append("</td><td>")
                    .append(Escape.html(verdict(score, language))).append("</td><td class=\"points\">")
                    .append(Escape.html(pointsText(score, language))).append("</td></tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private static String cell(Cell cell, CellScore score, GradedSubmission result, String language) {
        StringBuilder html = new StringBuilder("<div class=\"cell\">\n");
        String id = Nbgrader.gradeId(cell);
        if (id != null && result.edited().contains(id)) {
            html.append("<div class=\"note\">").append(Messages.get(language, "feedback.restored")).append("</div>\n");
        }
        if (id != null && result.added().contains(id)) {
            html.append("<div class=\"note\">").append(Messages.get(language, "feedback.added")).append("</div>\n");
        }
        if (cell.isCode()) {
            html.append("<pre class=\"code\">").append(code(cell.source(), language)).append("</pre>\n");
            for (JsonObject output : cell.outputs()) {
                html.append(output(output));
            }
        } else {
            html.append("<div class=\"markdown\">").append(Escape.html(cell.source())).append("</div>\n");
        }
        if (score != null) {
            String kind = score.isManual() ? "manual" : score.passed() ? "pass" : "fail";
            html.append("<div class=\"result ").append(kind).append("\">").append(Escape.html(score.gradeId()))
                    .append(" — ").append(Escape.html(verdict(score, language))).append(" — ")
                    .append(Escape.html(pointsText(score, language)));
            if (!score.message().isEmpty() && score.kind() == CellScore.Kind.TEST && !score.passed()) {
                html.append("<br>").append(Escape.html(score.message()));
            }
            html.append("</div>\n");
        }
        return html.append("</div>\n").toString();
    }

    /** The cell's code, hidden tests marked (they are shown once grading is done). */
    private static String code(String source, String language) {
        StringBuilder html = new StringBuilder();
        boolean hidden = false;
        for (String line : Markers.lines(source)) {
            if (line.contains(Markers.BEGIN_HIDDEN_TESTS)) {
                hidden = true;
                html.append("<span class=\"hidden-tests\">").append(Escape.html(line)).append("   [")
                        .append(Messages.get(language, "report.hidden")).append("]\n");
            } else if (line.contains(Markers.END_HIDDEN_TESTS) && hidden) {
                hidden = false;
                html.append(Escape.html(line)).append("</span>");
            } else {
                html.append(Escape.html(line)).append('\n');
            }
        }
        if (hidden) {
            html.append("</span>");
        }
        return html.toString().stripTrailing();
    }

    private static String output(JsonObject output) {
        String type = output.has("output_type") ? output.get("output_type").getAsString() : "";
        switch (type) {
            case "stream" -> {
                String name = output.has("name") ? output.get("name").getAsString() : "stdout";
                return "<pre class=\"out " + (name.equals("stderr") ? "stderr" : "") + "\">"
                        + Escape.html(NotebookFile.text(output.get("text"))).stripTrailing() + "</pre>\n";
            }
            case "error" -> {
                StringBuilder text = new StringBuilder();
                JsonElement traceback = output.get("traceback");
                if (traceback != null && traceback.isJsonArray()) {
                    traceback.getAsJsonArray().forEach(l -> text.append(l.getAsString()).append('\n'));
                }
                return "<pre class=\"out error\">" + Escape.html(text.toString().replaceAll("\u001b\\[[;\\d]*m", ""))
                        .stripTrailing() + "</pre>\n";
            }
            case "execute_result", "display_data" -> {
                JsonElement data = output.get("data");
                if (data == null || !data.isJsonObject()) {
                    return "";
                }
                JsonObject bundle = data.getAsJsonObject();
                for (String mime : List.of("image/png", "image/jpeg")) {
                    if (bundle.has(mime)) {
                        String base64 = NotebookFile.text(bundle.get(mime)).replaceAll("\\s", "");
                        if (base64.matches("[A-Za-z0-9+/=]*")) {
                            return "<div class=\"out\"><img src=\"data:" + mime + ";base64," + base64 + "\"></div>\n";
                        }
                    }
                }
                if (bundle.has("text/plain")) {
                    return "<pre class=\"out\">" + Escape.html(NotebookFile.text(bundle.get("text/plain"))).stripTrailing()
                            + "</pre>\n";
                }
                return "";
            }
            default -> {
                return "";
            }
        }
    }

    private static String verdict(CellScore score, String language) {
        if (score.isManual()) {
            return Messages.get(language, "report.manual", Messages.pointsPhrase(language, score.maxPoints()));
        }
        if (score.kind() != CellScore.Kind.TEST) {
            return score.message();
        }
        return score.passed() ? "✓ " + Messages.get(language, "report.passed") : "✗ " + Messages.get(language, "report.failed");
    }

    private static String pointsText(CellScore score, String language) {
        if (score.isManual()) {
            return "– / " + Messages.points(score.maxPoints());
        }
        return Messages.points(score.points()) + " / " + Messages.points(score.maxPoints());
    }
}
