package cuaderno.homework;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The student's version of a Java solution region: code that still compiles, so the cells around it and after it
 * keep compiling, and that says the exercise is not done when it runs.
 *
 * <p>nbgrader puts {@code // YOUR CODE HERE} where the solution was, which does not compile inside a method that
 * returns a value and leaves later cells without the names the solution declared. Here the region is parsed (the
 * markers are comments, so the teacher's cell is valid Java) and replaced according to where it sits:
 * <ul>
 *   <li>statements in a method or lambda body: the local variables the region declared stay declared (without
 *       their value), then {@code // YOUR CODE HERE} and a {@code throw new UnsupportedOperationException(...)} —
 *       written {@code if (true) throw ...} when more statements follow in the block, so they stay reachable;</li>
 *   <li>declarations (a whole solution cell, or a region at the top of a cell or in a class body): each method and
 *       constructor keeps its signature and gets the stub as its body; each class keeps its shape with every
 *       method stubbed; each variable keeps its declaration without its value ({@code final} dropped); top-level
 *       statements are replaced by the stub. A {@code var} declaration cannot keep its type: write the type.</li>
 *   <li>anything else (a region inside an expression): nbgrader's stub plus the throw, with a warning.</li>
 * </ul>
 */
final class JavaStub {

    static final String YOUR_CODE_HERE = "// YOUR CODE HERE";
    private static final String INDENT = "    ";

    private final SourceCodeAnalysis analysis;
    private final JShell shell;
    private final String language;
    private final List<String> warnings = new ArrayList<>();
    /** Where the region being stubbed is ("hw1.ipynb: cell 3 (mean), line 2"), for warnings. */
    private String where;

    JavaStub(String language) {
        // only JShell's parser is used (to cut a cell into snippets as the kernel does); nothing runs
        this.shell = JShell.builder().executionEngine("local").build();
        this.analysis = shell.sourceCodeAnalysis();
        this.language = language;
    }

    List<String> warnings() {
        return warnings;
    }

    void close() {
        shell.close();
    }

    /** The stub for a whole solution cell (no markers): as a region that covers the cell. */
    String wholeCell(String code, String where) {
        String stub = String.join("\n", region(code, 0, code.length(), "", where));
        return stub.stripTrailing();
    }

    /**
     * The lines that replace a region, begin and end markers included.
     *
     * @param code   the cell's whole source, markers included
     * @param from   where the region's content starts (the line after the begin marker)
     * @param to     where it ends (the start of the end marker's line)
     * @param indent the begin marker's indentation, which the stub keeps
     */
    List<String> region(String code, int from, int to, String indent, String where) {
        this.where = where;
        List<Snippet> snippets = snippets(code);
        for (Snippet snippet : snippets) {
            if (snippet.codeStart() < from && to < snippet.codeEnd() && !code.substring(from, to).isBlank()) {
                List<String> nested = nested(code, snippet, from, to, indent);
                return nested != null ? nested : fallback(indent);
            }
        }
        List<Snippet> covered = new ArrayList<>();
        for (Snippet snippet : snippets) {
            boolean overlaps = snippet.codeStart() < to && snippet.codeEnd() > from;
            if (overlaps && (snippet.codeStart() < from || snippet.codeEnd() > to)) {
                return fallback(indent);
            }
            if (overlaps) {
                covered.add(snippet);
            }
        }
        List<Item> items = new ArrayList<>();
        for (Snippet snippet : covered) {
            Parsed parsed = Parsed.of(code.substring(snippet.start(), snippet.end()));
            if (parsed == null) {
                return fallback(indent);
            }
            for (Tree tree : parsed.topLevel()) {
                items.add(new Item(tree, parsed, snippet.start()));
            }
        }
        List<String> stub = declarations(code, items, from, indent, true);
        if (stub.get(stub.size() - 1).contains(THROW)) {
            warnIfDeclaredAfter(code, snippets, to);
        }
        return stub;
    }

    /** A top-level throw ends the cell: what the cell declares after it is missing for the cells below. */
    private void warnIfDeclaredAfter(String code, List<Snippet> snippets, int to) {
        List<String> names = new ArrayList<>();
        for (Snippet snippet : snippets) {
            Parsed parsed = snippet.codeStart() >= to ? Parsed.of(code.substring(snippet.start(), snippet.end())) : null;
            for (Tree tree : parsed == null ? List.<Tree>of() : parsed.topLevel()) {
                if (tree instanceof VariableTree variable) {
                    names.add(variable.getName().toString());
                } else if (tree instanceof MethodTree method) {
                    names.add(method.getName().toString());
                } else if (tree instanceof ClassTree klass) {
                    names.add(klass.getSimpleName().toString());
                }
            }
        }
        if (!names.isEmpty()) {
            warnings.add(where + ": the student version stops at the stub, so " + String.join(", ", names)
                    + (names.size() == 1 ? ", declared after the region, is" : ", declared after the region, are")
                    + " missing for the cells below; put the region at the end of the cell or take those lines into it");
        }
    }

    // ---------------------------------------------------------------- regions inside one snippet

    private List<String> nested(String code, Snippet snippet, int from, int to, String indent) {
        Parsed parsed = Parsed.of(code.substring(snippet.start(), snippet.end()));
        if (parsed == null) {
            return null;
        }
        int offset = snippet.start();
        Tree enclosing = parsed.innermostBody(from - offset, to - offset);
        if (enclosing == null) {
            return null;
        }
        List<? extends Tree> children = enclosing instanceof BlockTree block ? block.getStatements()
                : ((ClassTree) enclosing).getMembers();
        List<Item> inside = new ArrayList<>();
        boolean followed = false;
        for (Tree child : children) {
            long start = parsed.start(child) + offset;
            long end = parsed.end(child) + offset;
            if (start >= to) {
                followed = true;
            } else if (end > from) {
                if (start < from || end > to) {
                    return null; // the region cuts a statement in two
                }
                inside.add(new Item(child, parsed, offset));
            }
        }
        if (enclosing instanceof ClassTree) {
            return declarations(code, inside, from, indent, false);
        }
        return statements(inside, indent, followed, parsed.enclosingMethodName(enclosing));
    }

    /** Statements in a block: keep the locals they declared, then the stub. */
    private List<String> statements(List<Item> inside, String indent, boolean followed, String method) {
        List<String> lines = new ArrayList<>();
        for (Item item : inside) {
            if (item.tree() instanceof VariableTree variable) {
                String declaration = declarationWithoutValue(item.parsed(), variable, false);
                if (declaration != null) {
                    lines.add(indent + declaration);
                }
            }
        }
        lines.add(indent + YOUR_CODE_HERE);
        lines.add(indent + (followed ? "if (true) " : "") + throwStatement(method));
        return lines;
    }

    /** Declarations at the top of a cell or in a class body. */
    private List<String> declarations(String code, List<Item> items, int from, String indent, boolean topLevel) {
        StringBuilder kept = new StringBuilder();
        List<String> dropped = new ArrayList<>();
        boolean statements = false;
        long gapStart = from;
        for (Item item : items) {
            Tree tree = item.tree();
            String text = null;
            if (tree instanceof MethodTree || tree instanceof ClassTree) {
                text = withStubbedBodies(item);
            } else if (tree instanceof VariableTree variable) {
                text = declarationWithoutValue(item.parsed(), variable, item.isEnumConstant());
                if (variable.getInitializer() != null && !item.isEnumConstant()) {
                    dropped.add(variable.getName().toString());
                }
            } else if (tree instanceof ImportTree) {
                text = item.text();
            } else if (tree instanceof BlockTree block && !topLevel) {
                String inner = lineIndent(code, item.start());
                text = (block.isStatic() ? "static " : "") + "{\n" + inner + INDENT + YOUR_CODE_HERE + "\n"
                        + inner + INDENT + "if (true) " + throwStatement(null) + "\n" + inner + "}";
            } else {
                statements = true;
            }
            if (text != null) {
                // the comments and indentation before a kept declaration stay with it (a method's description)
                kept.append(code, (int) gapStart, (int) item.start()).append(text);
            }
            gapStart = item.end();
        }
        List<String> lines = new ArrayList<>();
        String keptText = kept.toString().replaceAll("^(\\s*\\n)+", "");
        if (!keptText.isBlank()) {
            lines.addAll(List.of(keptText.split("\n", -1)));
        }
        if (topLevel && (statements || !dropped.isEmpty())) {
            lines.add(indent + YOUR_CODE_HERE);
            lines.add(indent + throwStatement(dropped.isEmpty() ? null : String.join(", ", dropped)));
        } else if (statements || !dropped.isEmpty() || lines.isEmpty()) {
            lines.add(indent + YOUR_CODE_HERE);
        }
        return lines;
    }

    /**
     * {@code Type name;} for a variable that had a value ({@code final} dropped, so it may be assigned later), the
     * declaration as it was when it had none, or null with a warning when its type is inferred ({@code var}).
     */
    private String declarationWithoutValue(Parsed parsed, VariableTree variable, boolean enumConstant) {
        if (enumConstant) {
            return parsed.text(variable);
        }
        Tree type = variable.getType();
        if (type == null || parsed.text(type).equals("var")) {
            warnings.add(where + ": 'var " + variable.getName() + "' in a solution: the student version cannot declare it "
                    + "without its value; write its type (e.g. 'double " + variable.getName() + " = ...') so that "
                    + "later code still compiles");
            return null;
        }
        String modifiers = parsed.text(variable.getModifiers()).replaceAll("\\bfinal\\b\\s*", "").strip();
        return (modifiers.isEmpty() ? "" : modifiers + " ") + parsed.text(type) + " " + variable.getName() + ";";
    }

    /** A method, constructor or class with every body replaced by the stub and every field without its value. */
    private String withStubbedBodies(Item item) {
        Parsed parsed = item.parsed();
        TreeMap<Long, long[]> spans = new TreeMap<>();        // start -> {start, end} of each replaced piece
        Map<Long, String> replacements = new HashMap<>();
        new TreeScanner<Void, ClassTree>() {
            @Override
            public Void visitClass(ClassTree klass, ClassTree enclosing) {
                return super.visitClass(klass, klass);
            }

            @Override
            public Void visitMethod(MethodTree method, ClassTree enclosing) {
                if (method.getBody() != null) {
                    String indent = parsed.lineIndent(parsed.start(method));
                    String name = method.getName().contentEquals("<init>") && enclosing != null
                            ? enclosing.getSimpleName().toString() : method.getName().toString();
                    long start = parsed.start(method.getBody());
                    spans.put(start, new long[] {start, parsed.end(method.getBody())});
                    replacements.put(start, "{\n" + indent + INDENT + YOUR_CODE_HERE + "\n" + indent + INDENT
                            + throwStatement(name) + "\n" + indent + "}");
                }
                return null; // nothing inside a stubbed body survives
            }

            @Override
            public Void visitVariable(VariableTree variable, ClassTree enclosing) {
                boolean field = enclosing != null && enclosing.getMembers().contains(variable);
                boolean enumConstant = field && enclosing.getKind() == Tree.Kind.ENUM
                        && variable.getInitializer() instanceof NewClassTree;
                if (field && variable.getInitializer() != null && !enumConstant) {
                    String declaration = declarationWithoutValue(parsed, variable, false);
                    if (declaration != null) {
                        long start = parsed.start(variable);
                        spans.put(start, new long[] {start, parsed.end(variable)});
                        replacements.put(start, declaration);
                    }
                }
                return null;
            }
        }.scan(item.tree(), null);
        long base = parsed.start(item.tree());
        StringBuilder text = new StringBuilder(parsed.text(item.tree()));
        for (long[] span : spans.descendingMap().values()) {
            text.replace((int) (span[0] - base), (int) (span[1] - base), replacements.get(span[0]));
        }
        return text.toString();
    }

    private static final String THROW = "throw new UnsupportedOperationException(";

    private String throwStatement(String name) {
        String message = Messages.get(language, "stub.not_done") + (name == null ? "" : ": " + name);
        return THROW + "\"" + message.replace("\"", "\\\"") + "\");";
    }

    private List<String> fallback(String indent) {
        warnings.add(where + ": a solution region that is not whole statements or declarations (inside an "
                + "expression?) gets nbgrader's stub; check that the student version compiles");
        return List.of(indent + YOUR_CODE_HERE, indent + throwStatement(null));
    }

    private static String lineIndent(String code, long at) {
        return Markers.indent(code.substring(code.lastIndexOf('\n', (int) at - 1) + 1));
    }

    // ---------------------------------------------------------------- JShell snippets

    /**
     * One snippet as JShell cuts a cell: its extent, and where its code starts and ends (without the comments and
     * blanks around it: the last snippet of a cell takes the end marker's comment line with it).
     */
    private record Snippet(int start, int codeStart, int codeEnd, int end) {
    }

    private List<Snippet> snippets(String code) {
        List<Snippet> snippets = new ArrayList<>();
        int consumed = 0;
        while (consumed < code.length()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code.substring(consumed));
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            int end = info.remaining() == null || !info.completeness().isComplete()
                    ? code.length() : code.length() - info.remaining().length();
            if (end <= consumed) {
                break;
            }
            snippets.add(new Snippet(consumed, skipBlankAndComments(code, consumed, end),
                    dropTrailingBlankAndLineComments(code, consumed, end), end));
            consumed = end;
        }
        return snippets;
    }

    private static int skipBlankAndComments(String code, int from, int to) {
        int i = from;
        while (i < to) {
            if (Character.isWhitespace(code.charAt(i))) {
                i++;
            } else if (code.startsWith("//", i)) {
                int newline = code.indexOf('\n', i);
                i = newline < 0 ? to : newline + 1;
            } else if (code.startsWith("/*", i)) {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? to : close + 2;
            } else {
                break;
            }
        }
        return Math.min(i, to);
    }

    private static int dropTrailingBlankAndLineComments(String code, int from, int to) {
        int end = to;
        while (true) {
            while (end > from && Character.isWhitespace(code.charAt(end - 1))) {
                end--;
            }
            int lineStart = code.lastIndexOf('\n', end - 1) + 1;
            if (end <= from || lineStart < from || !code.substring(lineStart, end).strip().startsWith("//")) {
                return end;
            }
            end = lineStart;
        }
    }

    /** A tree of the parsed snippet, with its offset in the cell. */
    private record Item(Tree tree, Parsed parsed, int offset) {
        long start() {
            return parsed.start(tree) + offset;
        }

        long end() {
            return parsed.end(tree) + offset;
        }

        String text() {
            return parsed.text(tree);
        }

        boolean isEnumConstant() {
            ClassTree owner = parsed.enclosingClass(tree);
            return owner != null && owner.getKind() == Tree.Kind.ENUM && tree instanceof VariableTree v
                    && v.getInitializer() instanceof NewClassTree;
        }
    }

    // ---------------------------------------------------------------- javac's parser

    /**
     * A snippet parsed by javac inside a wrapper that makes it a compilation unit: as it is (imports, top-level
     * types), as class members (methods, fields, classes), as statements of a method, or as an expression.
     * Positions count from the start of the snippet; trees of the wrapper start before it or end after it.
     */
    private static final class Parsed {
        private static final String[][] WRAPPERS = {
                {"", "\n"},
                {"class $Cell {\n", "\n}"},
                {"class $Cell { void $run() throws Throwable {\n", "\n;}}"},
                {"class $Cell { Object $value = (\n", "\n); }"},
        };

        private final String snippet;
        private final int prefix;
        private final boolean bare;
        private final CompilationUnitTree unit;
        private final SourcePositions positions;

        private Parsed(String snippet, int prefix, boolean bare, CompilationUnitTree unit, SourcePositions positions) {
            this.snippet = snippet;
            this.prefix = prefix;
            this.bare = bare;
            this.unit = unit;
            this.positions = positions;
        }

        static Parsed of(String snippet) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            for (int w = 0; w < WRAPPERS.length; w++) {
                String wrapped = WRAPPERS[w][0] + snippet + WRAPPERS[w][1];
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return wrapped;
                    }
                };
                JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
                try {
                    CompilationUnitTree unit = task.parse().iterator().next();
                    boolean clean = diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
                    boolean bare = w == 0;
                    if (clean && (!bare || !unit.getTypeDecls().isEmpty() || !unit.getImports().isEmpty())) {
                        return new Parsed(snippet, WRAPPERS[w][0].length(), bare, unit, Trees.instance(task).getSourcePositions());
                    }
                } catch (IOException | RuntimeException e) {
                    // not this kind of snippet: try the next wrapper
                }
            }
            return null;
        }

        /** The snippet's own trees: the unit's, the wrapper class's members, or the wrapper method's statements. */
        List<Tree> topLevel() {
            List<Tree> trees = new ArrayList<>();
            if (bare) {
                trees.addAll(unit.getImports());
                trees.addAll(unit.getTypeDecls());
                return trees;
            }
            ClassTree wrapper = (ClassTree) unit.getTypeDecls().get(0);
            for (Tree member : wrapper.getMembers()) {
                if (member instanceof MethodTree method && method.getName().contentEquals("$run")) {
                    trees.addAll(method.getBody().getStatements());
                } else if (member instanceof VariableTree variable && variable.getName().contentEquals("$value")) {
                    trees.add(variable.getInitializer());
                } else {
                    trees.add(member);
                }
            }
            trees.removeIf(t -> t.getKind() == Tree.Kind.EMPTY_STATEMENT);
            return trees;
        }

        /** The innermost block or class of the snippet that holds [from, to) strictly inside it. */
        Tree innermostBody(long from, long to) {
            Tree[] best = {null};
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitBlock(BlockTree block, Void unused) {
                    consider(block);
                    return super.visitBlock(block, unused);
                }

                @Override
                public Void visitClass(ClassTree klass, Void unused) {
                    consider(klass);
                    return super.visitClass(klass, unused);
                }

                private void consider(Tree tree) {
                    if (!isWrapper(tree) && start(tree) < from && to < end(tree)
                            && (best[0] == null || start(tree) >= start(best[0]))) {
                        best[0] = tree;
                    }
                }
            }.scan(unit, null);
            return best[0];
        }

        /** The name of the method whose body holds {@code inner}, or null (a lambda at the top, a constructor). */
        String enclosingMethodName(Tree inner) {
            String[] name = {null};
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitMethod(MethodTree method, Void unused) {
                    if (!isWrapper(method) && start(method) <= start(inner) && end(inner) <= end(method)) {
                        name[0] = method.getName().contentEquals("<init>") ? null : method.getName().toString();
                    }
                    return super.visitMethod(method, unused);
                }
            }.scan(unit, null);
            return name[0];
        }

        /** The class (not the wrapper) that has {@code member} as a member, or null. */
        ClassTree enclosingClass(Tree member) {
            ClassTree[] owner = {null};
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree klass, Void unused) {
                    if (!isWrapper(klass) && klass.getMembers().contains(member)) {
                        owner[0] = klass;
                    }
                    return super.visitClass(klass, unused);
                }
            }.scan(unit, null);
            return owner[0];
        }

        boolean isWrapper(Tree tree) {
            return start(tree) < 0 || end(tree) > snippet.length();
        }

        long start(Tree tree) {
            return positions.getStartPosition(unit, tree) - prefix;
        }

        long end(Tree tree) {
            return positions.getEndPosition(unit, tree) - prefix;
        }

        String text(Tree tree) {
            long start = start(tree);
            long end = end(tree);
            return start < 0 || end < start || end > snippet.length() ? "" : snippet.substring((int) start, (int) end);
        }

        /** Indentation of the line that holds a position. */
        String lineIndent(long at) {
            return Markers.indent(snippet.substring(snippet.lastIndexOf('\n', (int) at - 1) + 1));
        }

        String snippet() {
            return snippet;
        }
    }
}
