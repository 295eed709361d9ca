package cuaderno.cli;

import cuaderno.kernel.KernelMain;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar cuaderno.jar COMMAND}: {@code install} writes the Jupyter kernelspec, {@code data} fetches
 * datasets, {@code pdf} exports notebooks, {@code assign}, {@code validate} and {@code grade} handle homework,
 * {@code kernel} is what Jupyter starts.
 */
public final class Main {

    private static final String USAGE = """
            Usage: java -jar cuaderno.jar COMMAND [OPTIONS]

            Commands:
              install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                        write the Jupyter kernelspec "Java (Cuaderno)" (default: --user)
              data fetch mnist
                        fetch MNIST into the data cache ($CUADERNO_DATA, default ~/.cuaderno/data)
              pdf NOTEBOOK.ipynb [--via latex|browser] [--execute] [-o OUT.pdf]
                        export a notebook to PDF: through XeLaTeX (default) or headless Chromium;
                        --execute runs it first; an HTML page (a feedback page) prints through Chromium
              assign SOURCE.ipynb [-o DIR] [--lang es|en] [--no-check] [--force]
                        write the student version DIR/NAME.ipynb (default DIR: release/ beside the source),
                        after checking that the source passes its tests and the student version fails them
              validate NOTEBOOK.ipynb [--invert]
                        run a notebook and list each test as passed or failed, with its points
              grade SOURCE.ipynb SUBMISSION.ipynb... [-o DIR] [-j N]
                        grade submissions (submitted/STUDENT/NAME.ipynb), each in its own sandbox:
                        DIR/gradebook.csv and DIR/feedback/STUDENT.html (default DIR: graded/)
                        assign, validate and grade take --cell-timeout S, --timeout S, --memory SIZE,
                        --disk SIZE, --no-sandbox
              kernel CONNECTION_FILE
                        run the kernel (Jupyter starts this for you)
              help      show this text
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // kernel logs go to the kernel's own stderr (the Jupyter server's terminal), never into a cell
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            System.out.print(USAGE);
            return;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        int status = switch (args[0]) {
            case "install" -> Install.run(rest);
            case "kernel" -> kernel(rest);
            case "data" -> Data.run(rest);
            case "pdf" -> Pdf.run(rest);
            case "assign" -> Assign.run(rest);
            case "validate" -> Validate.run(rest);
            case "grade" -> Grade.run(rest);
            default -> {
                System.err.println("Unknown command '" + args[0] + "'.\n\n" + USAGE);
                yield 2;
            }
        };
        System.exit(status);
    }

    private static int kernel(List<String> args) throws Exception {
        if (args.size() != 1) {
            System.err.println("kernel needs the connection file Jupyter writes: java -jar cuaderno.jar kernel FILE");
            return 2;
        }
        KernelMain.run(Path.of(args.get(0)));
        return 0;
    }
}
