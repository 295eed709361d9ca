package cuaderno.cli;

import cuaderno.homework.HomeworkError;
import cuaderno.homework.Limits;
import cuaderno.homework.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options {@code assign}, {@code validate} and {@code grade} share: limits, sandbox, output folder. */
final class HomeworkOptions {

    static final String LIMITS_USAGE = "[--cell-timeout S] [--timeout S] [--memory SIZE] [--disk SIZE] [--no-sandbox]";

    private final String usage;
    final List<Path> notebooks = new ArrayList<>();
    final List<String> flags = new ArrayList<>();
    Limits limits = Limits.defaults();
    boolean noSandbox;
    Path output;
    String language;
    int jobs = 1;

    private HomeworkOptions(String usage) {
        this.usage = usage;
    }

    /**
     * @param known the flags (without values) this command accepts besides the shared ones
     */
    static HomeworkOptions parse(List<String> args, String usage, List<String> known) {
        HomeworkOptions options = new HomeworkOptions(usage);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--cell-timeout" -> options.limits = options.limits.withCellSeconds(seconds(options.value(args, ++i, arg)));
                case "--timeout" -> options.limits = options.limits.withNotebookSeconds(seconds(options.value(args, ++i, arg)));
                case "--memory" -> options.limits = options.limits.withMemory(Limits.parseSize(options.value(args, ++i, arg)));
                case "--disk" -> options.limits = options.limits.withDisk(Limits.parseSize(options.value(args, ++i, arg)));
                case "--no-sandbox" -> options.noSandbox = true;
                case "-o", "--output" -> options.output = Path.of(options.value(args, ++i, arg));
                case "--lang" -> options.language = options.value(args, ++i, arg);
                case "-j", "--jobs" -> options.jobs = Math.max(1, seconds(options.value(args, ++i, arg)));
                default -> {
                    if (known.contains(arg)) {
                        options.flags.add(arg);
                    } else if (arg.startsWith("-")) {
                        throw new HomeworkError("unknown option '" + arg + "'. Usage: java -jar cuaderno.jar " + usage);
                    } else {
                        options.notebooks.add(Path.of(arg));
                    }
                }
            }
        }
        return options;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Isolated when bubblewrap works (required unless --no-sandbox when {@code required}), else plain. */
    Sandbox sandbox(boolean required) {
        if (noSandbox) {
            return Sandbox.plain(limits);
        }
        if (required) {
            return Sandbox.isolated(limits);
        }
        String problem = Sandbox.bubblewrapProblem();
        if (problem != null) {
            System.err.println("note: running without a sandbox (" + problem + ")");
            return Sandbox.plain(limits);
        }
        return Sandbox.isolated(limits);
    }

    HomeworkError usage(String what) {
        return new HomeworkError(what + ". Usage: java -jar cuaderno.jar " + usage);
    }

    private String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw usage(option + " needs a value");
        }
        return args.get(i);
    }

    private static int seconds(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new HomeworkError("not a whole number: '" + text + "'");
        }
    }
}
