package cuaderno.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notebook to PDF, by one of two routes. {@link Route#LATEX}: nbconvert's XeLaTeX article (A4, fonts that cover
 * Spanish, Greek and symbols), which uses the text/latex of tables and the PNG of charts. {@link Route#BROWSER}:
 * nbconvert's HTML printed by headless Chromium, which shows exactly what the notebook page shows, math included
 * (MathJax from Debian's libjs-mathjax). The tools run as child processes; their output goes to a log file, and a
 * failure becomes one {@link PdfError} line that says what to do.
 */
public final class PdfExport {

    public enum Route {
        LATEX, BROWSER;

        public static Route parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "latex" -> LATEX;
                case "browser" -> BROWSER;
                default -> throw new PdfError("unknown route '" + name + "': use --via latex or --via browser");
            };
        }
    }

    private static final String TEMPLATE = "cuaderno-latex";
    private static final long TOOL_TIMEOUT_MINUTES = 30;
    /** A4, colours as on screen, and long code lines wrapped rather than cut off at the page edge. */
    private static final String PAGE_CSS = "<style>@page { size: A4; margin: 14mm; } "
            + "body { -webkit-print-color-adjust: exact; print-color-adjust: exact; } "
            + "pre, .highlight pre, .jp-RenderedText pre { white-space: pre-wrap !important; word-break: break-word; } "
            + ".jp-Cell, .jp-OutputArea-output img { break-inside: avoid; }</style>";

    private final Route route;
    private final boolean execute;
    private final Path work;
    private final Path log;

    public PdfExport(Route route, boolean execute) {
        this.route = route;
        this.execute = execute;
        try {
            this.work = Files.createTempDirectory("cuaderno-pdf-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = work.resolve("export.log");
    }

    /**
     * Writes {@code notebook} as {@code out} (default: beside the notebook, same name, .pdf); returns the PDF. An HTML
     * page (a homework feedback page, say) is printed as it is, through the browser route.
     */
    public Path export(Path notebook, Path out) {
        if (isPage(notebook)) {
            return exportPage(notebook, out);
        }
        checkNotebook(notebook);
        Path pdf = (out != null ? out : notebook.resolveSibling(baseName(notebook) + ".pdf")).toAbsolutePath();
        String jupyter = jupyter();
        Path source = notebook.toAbsolutePath();
        if (execute) {
            source = executed(jupyter, source);
        }
        try {
            Files.createDirectories(pdf.getParent());
        } catch (IOException e) {
            throw new PdfError("cannot write " + pdf + ": " + e.getMessage());
        }
        if (route == Route.LATEX) {
            viaLatex(jupyter, source, pdf);
        } else {
            viaBrowser(jupyter, source, pdf);
        }
        return pdf;
    }

    /** Where the tools' output went, for when one line is not enough. */
    public Path log() {
        return log;
    }

    // ---------------------------------------------------------------- routes

    private Path executed(String jupyter, Path notebook) {
        Path dir = work.resolve("executed");
        Result run = run(List.of(jupyter, "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=-1", "--output-dir", dir.toString(), notebook.toString()), work);
        if (!run.ok()) {
            throw new PdfError("running the notebook failed: " + cellError(run.output()));
        }
        return dir.resolve(notebook.getFileName());
    }

    private void viaLatex(String jupyter, Path notebook, Path pdf) {
        require("xelatex", "XeLaTeX is not installed: apt-get install texlive-xetex texlive-fonts-recommended "
                + "texlive-plain-generic (or use --via browser)");
        require("pandoc", "pandoc is not installed (nbconvert needs it for Markdown): apt-get install pandoc");
        Path templates = templates();
        Result run = run(List.of(jupyter, "nbconvert", "--to", "pdf",
                "--TemplateExporter.extra_template_basedirs=" + templates, "--template", TEMPLATE,
                "--output-dir", work.resolve("latex").toString(), "--output", baseName(pdf), notebook.toString()), work);
        Path made = work.resolve("latex").resolve(baseName(pdf) + ".pdf");
        if (!run.ok() || !Files.exists(made)) {
            throw new PdfError("LaTeX failed: " + latexError(run.output()));
        }
        move(made, pdf);
    }

    private void viaBrowser(String jupyter, Path notebook, Path pdf) {
        String chromium = findOnPath("chromium", "chromium-browser", "google-chrome");
        if (chromium == null) {
            throw new PdfError("Chromium is not installed: apt-get install chromium libjs-mathjax libjs-requirejs "
                    + "(or use --via latex)");
        }
        Path htmlDir = work.resolve("html");
        Result html = run(List.of(jupyter, "nbconvert", "--to", "html", "--output-dir", htmlDir.toString(),
                "--output", baseName(pdf), notebook.toString()), work);
        Path page = htmlDir.resolve(baseName(pdf) + ".html");
        if (!html.ok() || !Files.exists(page)) {
            throw new PdfError("nbconvert --to html failed: " + lastLine(html.output()));
        }
        try {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Files.writeString(page, text.replaceFirst("</head>", Matcher.quoteReplacement(PAGE_CSS) + "</head>"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        print(chromium, page, pdf);
    }

    private Path exportPage(Path page, Path out) {
        if (!Files.isRegularFile(page)) {
            throw new PdfError("no such page: " + page);
        }
        if (execute) {
            throw new PdfError("--execute runs notebooks; " + page.getFileName() + " is an HTML page");
        }
        String chromium = findOnPath("chromium", "chromium-browser", "google-chrome");
        if (chromium == null) {
            throw new PdfError("Chromium is not installed (an HTML page prints through it): apt-get install chromium");
        }
        Path pdf = (out != null ? out : page.resolveSibling(baseName(page) + ".pdf")).toAbsolutePath();
        try {
            Files.createDirectories(pdf.getParent());
        } catch (IOException e) {
            throw new PdfError("cannot write " + pdf + ": " + e.getMessage());
        }
        print(chromium, page.toAbsolutePath(), pdf);
        return pdf;
    }

    private static boolean isPage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm");
    }

    private void print(String chromium, Path page, Path pdf) {
        Path printed = work.resolve("browser.pdf");
        // the flags that work as root, in a sandbox, with no network and no display
        Result print = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + work.resolve("chromium-profile"), "--no-pdf-header-footer",
                "--allow-file-access-from-files", "--virtual-time-budget=15000",
                "--run-all-compositor-stages-before-draw", "--print-to-pdf=" + printed, page.toUri().toString()), work);
        if (!Files.exists(printed)) {
            throw new PdfError("Chromium did not print the page: " + lastLine(print.output()));
        }
        move(printed, pdf);
    }

    // ---------------------------------------------------------------- checks and messages

    private static void checkNotebook(Path notebook) {
        if (!Files.isRegularFile(notebook)) {
            throw new PdfError("no such notebook: " + notebook);
        }
        if (!notebook.getFileName().toString().endsWith(".ipynb")) {
            throw new PdfError(notebook + " is not a notebook (.ipynb)");
        }
        try (InputStream in = Files.newInputStream(notebook)) {
            byte[] head = in.readNBytes(64);
            String start = new String(head, StandardCharsets.UTF_8).stripLeading();
            if (!start.startsWith("{")) {
                throw new PdfError(notebook + " is not a notebook: it does not contain JSON");
            }
        } catch (IOException e) {
            throw new PdfError("cannot read " + notebook + ": " + e.getMessage());
        }
    }

    private static String jupyter() {
        String configured = System.getenv("CUADERNO_JUPYTER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        // Debian's jupyter first: a pyenv or venv python on PATH may have a jupyter without nbconvert
        String jupyter = Files.isExecutable(Path.of("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : findOnPath("jupyter");
        if (jupyter == null) {
            throw new PdfError("Jupyter is not installed: apt-get install jupyter-nbconvert");
        }
        return jupyter;
    }

    private static void require(String command, String message) {
        if (findOnPath(command) == null) {
            throw new PdfError(message);
        }
    }

    static String findOnPath(String... commands) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String command : commands) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    /** The first TeX error ("! ...") with its line ("l.42 ..."), or the last line of output. */
    static String latexError(String output) {
        Matcher error = Pattern.compile("(?m)^! (.+)$").matcher(output);
        if (error.find()) {
            Matcher line = Pattern.compile("(?m)^l\\.(\\d+) ?(.*)$").matcher(output);
            String where = line.find(error.end()) ? " (line " + line.group(1) + " of the .tex: " + line.group(2).strip() + ")" : "";
            return error.group(1).strip() + where;
        }
        if (output.contains("No such file or directory: 'xelatex'")) {
            return "xelatex is missing: apt-get install texlive-xetex";
        }
        return lastLine(output);
    }

    /** From nbconvert's CellExecutionError: the error's last line ("NumberFormatException: ..."). */
    static String cellError(String output) {
        int at = output.indexOf("An error occurred while executing the following cell");
        if (at < 0) {
            return lastLine(output);
        }
        String[] lines = output.substring(at).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.matches("[A-Za-z_$][\\w.$]*(Error|Exception|Exit)\\b.*")) {
                return line;
            }
        }
        return lastLine(output);
    }

    static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "(no output)";
    }

    // ---------------------------------------------------------------- processes and files

    private record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    private Result run(List<String> command, Path dir) {
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(TOOL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new PdfError(command.get(0) + " did not finish in " + TOOL_TIMEOUT_MINUTES + " minutes");
            }
            String output = new String(bytes, StandardCharsets.UTF_8);
            Files.writeString(log, output + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new PdfError("could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PdfError("interrupted");
        }
    }

    /** Our nbconvert template, copied out of the jar where nbconvert can read it. */
    private Path templates() {
        Path dir = work.resolve("templates");
        Path template = dir.resolve(TEMPLATE);
        try {
            Files.createDirectories(template);
            for (String file : List.of("conf.json", "index.tex.j2")) {
                try (InputStream in = PdfExport.class.getResourceAsStream("/cuaderno/pdf/templates/" + TEMPLATE + "/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks its LaTeX template " + file);
                    }
                    Files.copy(in, template.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PdfError("cannot write " + to + ": " + e.getMessage());
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
