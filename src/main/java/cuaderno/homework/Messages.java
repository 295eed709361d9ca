package cuaderno.homework;

import java.util.Locale;
import java.util.Map;

/**
 * What students read, in the notebook's language (Spanish or English): test failures, the exercise stub, the
 * validate report and the feedback page. A message is a {@link String#format} pattern.
 */
public final class Messages {

    public static final String DEFAULT_LANGUAGE = "en";

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            // {English, Spanish}
            Map.entry("stub.not_done", new String[] {"exercise not done yet", "ejercicio sin resolver"}),
            Map.entry("stub.answer", new String[] {"YOUR ANSWER HERE", "ESCRIBE TU RESPUESTA AQUÍ"}),

            Map.entry("check.expected", new String[] {"expected %s but got %s", "se esperaba %s pero se obtuvo %s"}),
            Map.entry("check.expected_within", new String[] {"expected %s ± %s but got %s",
                    "se esperaba %s ± %s pero se obtuvo %s"}),
            Map.entry("check.at_index", new String[] {"at index %s: %s", "en la posición %s: %s"}),
            Map.entry("check.length", new String[] {"expected %d values but got %d", "se esperaban %d valores pero hay %d"}),
            Map.entry("check.shape", new String[] {"expected shape %s but got %s", "se esperaba la forma %s pero es %s"}),
            Map.entry("check.null", new String[] {"expected a value but got null", "se esperaba un valor pero es null"}),
            Map.entry("check.at_least", new String[] {"%s is %s, below the required %s", "%s es %s, menos que el mínimo %s"}),
            Map.entry("check.at_most", new String[] {"%s is %s, above the allowed %s", "%s es %s, más que el máximo %s"}),
            Map.entry("check.accuracy", new String[] {"accuracy", "la exactitud"}),
            Map.entry("check.value", new String[] {"the value", "el valor"}),
            Map.entry("check.not_true", new String[] {"the condition is false", "la condición es falsa"}),
            Map.entry("check.throws", new String[] {"expected %s to be thrown but nothing was",
                    "se esperaba que se lanzara %s pero no se lanzó nada"}),
            Map.entry("check.throws_other", new String[] {"expected %s to be thrown but got %s",
                    "se esperaba que se lanzara %s pero se lanzó %s"}),
            Map.entry("check.nan", new String[] {"expected a number but got NaN", "se esperaba un número pero es NaN"}),

            Map.entry("report.title", new String[] {"%s: %d tests, %s", "%s: %d pruebas, %s"}),
            Map.entry("report.passed", new String[] {"passed", "superada"}),
            Map.entry("report.failed", new String[] {"failed", "fallida"}),
            Map.entry("report.point", new String[] {"%s point", "%s punto"}),
            Map.entry("report.points", new String[] {"%s points", "%s puntos"}),
            Map.entry("report.of_points", new String[] {"%s of %s points", "%s de %s puntos"}),
            Map.entry("report.summary", new String[] {"%d of %d tests pass: %s of %s points",
                    "%d de %d pruebas superadas: %s de %s puntos"}),
            Map.entry("report.manual", new String[] {"graded by your teacher (up to %s)",
                    "la califica tu docente (hasta %s)"}),
            Map.entry("report.no_answer", new String[] {"no answer", "sin respuesta"}),
            Map.entry("report.cell_errors", new String[] {"Cells with errors outside the tests:",
                    "Celdas con errores fuera de las pruebas:"}),
            Map.entry("report.edited", new String[] {"You edited a locked cell (%s): it is put back as it was "
                    + "when graded.", "Editaste una celda bloqueada (%s): al calificar se restaura tal como era."}),
            Map.entry("report.stderr", new String[] {"wrote to stderr: %s", "escribió en stderr: %s"}),
            Map.entry("report.cell", new String[] {"cell %d", "celda %d"}),
            Map.entry("report.hidden", new String[] {"hidden tests included", "incluye pruebas ocultas"}),

            Map.entry("feedback.title", new String[] {"Feedback: %s", "Devolución: %s"}),
            Map.entry("feedback.student", new String[] {"Student", "Estudiante"}),
            Map.entry("feedback.score", new String[] {"Score", "Puntuación"}),
            Map.entry("feedback.pending", new String[] {"%s still to be graded by the teacher",
                    "faltan %s que califica el docente"}),
            Map.entry("feedback.cell", new String[] {"Cell", "Celda"}),
            Map.entry("feedback.result", new String[] {"Result", "Resultado"}),
            Map.entry("feedback.restored", new String[] {"This locked cell had been edited; it was graded as "
                    + "the teacher wrote it.", "Esta celda bloqueada había sido editada; se calificó tal como la "
                    + "escribió el docente."}),
            Map.entry("feedback.added", new String[] {"This cell was missing from the submission and was put back.",
                    "Esta celda faltaba en la entrega y se volvió a agregar."}),
            Map.entry("feedback.not_run", new String[] {"not run", "no se ejecutó"}));

    private Messages() {
    }

    /** "es" for Spanish, "en" for anything else (es_AR, es-ES, ES all count as Spanish). */
    public static String normalise(String language) {
        return language != null && language.strip().toLowerCase(Locale.ROOT).startsWith("es") ? "es" : "en";
    }

    public static String get(String language, String key, Object... args) {
        String[] texts = TEXT.get(key);
        if (texts == null) {
            throw new IllegalArgumentException("no message " + key);
        }
        String pattern = texts[normalise(language).equals("es") ? 1 : 0];
        return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
    }

    /** "1 point", "2.5 points", "1 punto": points with their noun. */
    public static String pointsPhrase(String language, double points) {
        return get(language, points == 1 ? "report.point" : "report.points", points(points));
    }

    /** Points as people write them: 2, 2.5, 0.25. */
    public static String points(double points) {
        if (points == Math.rint(points) && Math.abs(points) < 1e15) {
            return Long.toString((long) points);
        }
        return String.format(Locale.ROOT, "%.2f", points).replaceAll("0+$", "");
    }
}
