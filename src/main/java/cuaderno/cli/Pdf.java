package cuaderno.cli;

import cuaderno.pdf.PdfError;
import cuaderno.pdf.PdfExport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code pdf NOTEBOOK.ipynb [--via latex|browser] [--execute] [-o OUT.pdf]}, or {@code pdf PAGE.html [-o OUT.pdf]}. */
final class Pdf {

    static final String USAGE = "pdf NOTEBOOK.ipynb [--via latex|browser] [--execute] [-o OUT.pdf]";

    private Pdf() {
    }

    static int run(List<String> args) {
        Path notebook = null;
        Path out = null;
        PdfExport.Route route = PdfExport.Route.LATEX;
        boolean execute = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--via" -> route = PdfExport.Route.parse(value(args, ++i, "--via"));
                    case "--execute" -> execute = true;
                    case "-o", "--output" -> out = Path.of(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("-") || notebook != null) {
                            throw new PdfError("unexpected '" + arg + "'. Usage: java -jar cuaderno.jar " + USAGE);
                        }
                        notebook = Path.of(arg);
                    }
                }
            }
            if (notebook == null) {
                throw new PdfError("which notebook? Usage: java -jar cuaderno.jar " + USAGE);
            }
            long start = System.nanoTime();
            PdfExport export = new PdfExport(route, execute);
            try {
                Path pdf = export.export(notebook, out);
                boolean page = notebook.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?");
                System.out.printf(Locale.ROOT, "Wrote %s (%,d KB) via %s in %.1f s%n", pdf, Files.size(pdf) / 1024,
                        page ? "browser" : route.name().toLowerCase(Locale.ROOT), (System.nanoTime() - start) / 1e9);
                return 0;
            } catch (PdfError e) {
                System.err.println("pdf: " + e.getMessage() + " (tool output: " + export.log() + ")");
                return 1;
            }
        } catch (PdfError e) {
            System.err.println("pdf: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("pdf: " + e.getMessage());
            return 1;
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new PdfError(option + " needs a value. Usage: java -jar cuaderno.jar " + USAGE);
        }
        return args.get(i);
    }
}
