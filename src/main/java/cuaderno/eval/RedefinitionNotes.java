package cuaderno.eval;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line note a cell shows when it resets or disables something defined earlier, as the jshell tool's
 * "update replaced variable p, reset to null": redefining class P resets every variable of type P to null, and
 * can leave a variable or method that no longer compiles against the new P unusable.
 */
final class RedefinitionNotes {

    private RedefinitionNotes() {
    }

    /** The note for an update event (one whose cause is another snippet), if the user should hear about it. */
    static Optional<String> of(SnippetEvent update, JShell shell) {
        Snippet snippet = update.snippet();
        Snippet cause = update.causeSnippet();
        if (cause == null || !(snippet instanceof DeclarationSnippet declaration)
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return Optional.empty();
        }
        String because = " because " + describe(cause) + " changed";
        Snippet.Status status = update.status();
        boolean wasUsable = update.previousStatus() == Snippet.Status.VALID;
        if (snippet instanceof VarSnippet variable && status == Snippet.Status.VALID) {
            return Optional.of("Note: " + variable.name() + " was reset to " + defaultValue(variable.typeName()) + because + ".");
        }
        if (status == Snippet.Status.RECOVERABLE_NOT_DEFINED && wasUsable) {
            return Optional.of("Note: " + describe(snippet) + " can no longer be used" + because
                    + reason(declaration, shell) + ".");
        }
        if (status == Snippet.Status.RECOVERABLE_DEFINED && wasUsable && snippet instanceof MethodSnippet) {
            return Optional.of("Note: " + describe(snippet) + " cannot be called" + because + reason(declaration, shell) + ".");
        }
        if (status == Snippet.Status.DROPPED && wasUsable) {
            return Optional.of("Note: " + describe(snippet) + " was removed" + because + ".");
        }
        return Optional.empty();
    }

    /** What is missing or wrong: unresolved names, else the first line of the first compile error. */
    private static String reason(DeclarationSnippet snippet, JShell shell) {
        List<String> missing = shell.unresolvedDependencies(snippet).toList();
        if (!missing.isEmpty()) {
            return ": it needs " + String.join(", ", missing) + ", which " + (missing.size() == 1 ? "is" : "are")
                    + " not defined";
        }
        return shell.diagnostics(snippet).filter(d -> d.isError()).findFirst()
                .map(d -> ": " + d.getMessage(Locale.ENGLISH).lines().findFirst().orElse("").strip())
                .orElse("");
    }

    /** "class P", "method area(P)", "variable p". */
    static String describe(Snippet snippet) {
        return switch (snippet.subKind()) {
            case CLASS_SUBKIND -> "class " + name(snippet);
            case INTERFACE_SUBKIND -> "interface " + name(snippet);
            case ENUM_SUBKIND -> "enum " + name(snippet);
            case RECORD_SUBKIND -> "record " + name(snippet);
            case ANNOTATION_TYPE_SUBKIND -> "annotation " + name(snippet);
            case METHOD_SUBKIND -> "method " + name(snippet) + "(" + ((MethodSnippet) snippet).parameterTypes() + ")";
            case VAR_DECLARATION_SUBKIND, VAR_DECLARATION_WITH_INITIALIZER_SUBKIND -> "variable " + name(snippet);
            default -> name(snippet);
        };
    }

    private static String name(Snippet snippet) {
        return snippet instanceof DeclarationSnippet d ? d.name() : snippet.source().strip();
    }

    private static String defaultValue(String type) {
        return switch (type) {
            case "boolean" -> "false";
            case "byte", "short", "int", "long", "char" -> "0";
            case "float", "double" -> "0.0";
            default -> "null";
        };
    }
}
