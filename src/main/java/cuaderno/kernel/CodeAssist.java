package cuaderno.kernel;

import cuaderno.eval.Evaluator;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tab completion, shift-tab inspection and is-complete answers, from JShell's source analysis. */
final class CodeAssist {

    private static final Pattern MAGIC_PREFIX = Pattern.compile("(?m)^\\s*(%%?)([\\w.-]*)$");

    private CodeAssist() {
    }

    static ReplacementOptions complete(Evaluator evaluator, String code, int at, Set<String> lineMagics, Set<String> cellMagics) {
        at = Math.max(0, Math.min(at, code.length()));
        Matcher magic = MAGIC_PREFIX.matcher(code.substring(0, at));
        if (magic.find() && magic.end() == at) {
            boolean cell = magic.group(1).equals("%%");
            String typed = magic.group(2);
            List<String> names = (cell ? cellMagics : lineMagics).stream()
                    .filter(n -> n.startsWith(typed)).sorted().toList();
            return new ReplacementOptions(names, magic.start(2), at);
        }
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = evaluator.analysis().completionSuggestions(code, at, anchor);
        Set<String> options = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> options.add(s.continuation()));
        suggestions.forEach(s -> options.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(options), anchor[0], at);
    }

    static DisplayData inspect(Evaluator evaluator, String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // inspect the whole name under the cursor, as if the cursor were after it
        }
        StringBuilder text = new StringBuilder();
        String name = identifierBefore(code, end);
        for (VarSnippet variable : evaluator.shell().variables().toList()) {
            if (variable.name().equals(name) && evaluator.shell().status(variable).isActive()) {
                text.append(variable.typeName()).append(' ').append(variable.name()).append('\n');
            }
        }
        List<SourceCodeAnalysis.Documentation> docs = evaluator.analysis().documentation(code, end, true);
        if (docs.isEmpty()) {
            // JShell documents a method only inside its call: ask as if the name were followed by "("
            docs = evaluator.analysis().documentation(code.substring(0, end) + "(", end + 1, true);
        }
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append(JavadocText.firstParagraph(doc.javadoc())).append('\n');
            }
            text.append('\n');
        }
        if (text.length() == 0) {
            return null;
        }
        return new DisplayData(text.toString().strip());
    }

    private static String identifierBefore(String code, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }

    /** "complete", "invalid", or the indent for the next line of an unfinished statement. */
    static String isComplete(Evaluator evaluator, String code) {
        String java = code.lines().filter(l -> !l.stripLeading().startsWith("%")).reduce("", (a, b) -> a + b + "\n");
        String rest = java;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = evaluator.analysis().analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return "    ".repeat(Math.max(1, openBraces(java)));
            }
            if (c == Completeness.UNKNOWN) {
                return BaseKernel.IS_COMPLETE_BAD;
            }
            if (c == Completeness.EMPTY || info.remaining() == null || info.remaining().length() >= rest.length()) {
                break;
            }
            rest = info.remaining();
        }
        return BaseKernel.IS_COMPLETE_YES;
    }

    private static int openBraces(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ')') && depth > 0) {
                depth--;
            }
        }
        return depth;
    }
}
