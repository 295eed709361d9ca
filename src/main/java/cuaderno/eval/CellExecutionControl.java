package cuaderno.eval;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs JShell snippets inside the kernel's JVM, each on a fresh "cell" thread:
 * <ul>
 *   <li>the thread's context class loader is the snippets' loader, so ServiceLoader users (ND4J) find what
 *       {@code %maven} added;</li>
 *   <li>{@code assert} statements in cells are checked (see {@link #ASSERTIONS});</li>
 *   <li>values are kept as objects, not strings, so that they can be rendered as rich output;</li>
 *   <li>a stop request ends the cell without touching the rest of the kernel, and threads the cell started
 *       keep running without holding the cell open.</li>
 * </ul>
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** Prefix of the string that stands for a value kept in {@link #values}. */
    static final String VALUE_KEY = "\u0000cuaderno-value:";

    private static final long CELL_STACK_BYTES = 64L * 1024 * 1024;
    /** Java's {@code assert} in cells: on, since teachers write checks with it, unless -Dcuaderno.assertions=false. */
    static final boolean ASSERTIONS = !"false".equalsIgnoreCase(System.getProperty("cuaderno.assertions"));

    /** A class JShell wraps a snippet in (REPL.$JShell$12, REPL.$JShell$12B), not one a cell declares. */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*");

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    /** For each variable, the wrapper class whose static field holds its value now. */
    private final Map<String, Class<?>> variableHolders = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private volatile Thread cellThread;
    private volatile ClassLoader snippetLoader;

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(Stream.of(cbcs)
                .map(c -> new ClassBytecodes(c.name(), CellBytecode.instrument(c.bytecodes())))
                .toArray(ClassBytecodes[]::new));
        releaseReplacedVariables(cbcs);
    }

    /**
     * JShell compiles each declaration into a new wrapper class and keeps every class it has loaded, so a variable
     * declared again (a re-run cell: {@code var model = ...}) would keep its old value alive in the old class's
     * static field for the rest of the session. A newly loaded wrapper with a field of that name is the variable
     * now: the old field is cleared, so that its value can go.
     */
    private void releaseReplacedVariables(ClassBytecodes[] loaded) {
        for (ClassBytecodes bytecodes : loaded) {
            if (!WRAPPER.matcher(bytecodes.name()).matches()) {
                continue;
            }
            try {
                Class<?> wrapper = findClass(bytecodes.name());
                for (Field field : wrapper.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.isSynthetic()) {
                        Class<?> previous = variableHolders.put(field.getName(), wrapper);
                        if (previous != null && previous != wrapper) {
                            clear(previous.getDeclaredField(field.getName()));
                        }
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // a class that cannot be read is left as it is: at worst a value stays until the kernel restarts
            }
        }
    }

    private static void clear(Field field) throws IllegalAccessException {
        if (!field.getType().isPrimitive()) {
            field.setAccessible(true);
            field.set(null, null);
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        CountDownLatch done = new CountDownLatch(1);
        ClassLoader loader = doitMethod.getDeclaringClass().getClassLoader();
        if (loader != snippetLoader) {
            // JShell compiles cells into package REPL; before any of its classes initialises, so they all see it
            loader.setPackageAssertionStatus("REPL", ASSERTIONS);
            snippetLoader = loader;
        }

        Thread thread = new Thread(null, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e;
            } catch (Throwable t) { // ThreadDeath from a forced stop lands here
                thrown[0] = t;
            } finally {
                done.countDown();
            }
        }, "cell", CELL_STACK_BYTES);
        thread.setContextClassLoader(snippetLoader);
        thread.setDaemon(true);
        cellThread = thread;
        try {
            thread.start();
            done.await();
        } finally {
            cellThread = null;
        }

        Throwable t = thrown[0];
        if (t instanceof InvocationTargetException) {
            throw (InvocationTargetException) t;
        }
        if (t != null) {
            // not from the snippet itself: a stop that hit between frames; report it as the snippet's own error
            throw new InvocationTargetException(t);
        }
        return keep(result[0]);
    }

    /** A variable's value, kept as an object like a snippet's result ({@link #take} gets it). */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            return keep(field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException(e.toString());
        }
    }

    private String keep(Object value) {
        String key = VALUE_KEY + nextKey.incrementAndGet();
        values.put(key, value == null ? NULL : value);
        return key;
    }

    private static final Object NULL = new Object();

    /** The object behind a value string from a snippet event, removing it; null if the string is no key. */
    Object take(String valueString) {
        if (valueString == null || !valueString.startsWith(VALUE_KEY)) {
            return null;
        }
        Object value = values.remove(valueString);
        return value == NULL ? null : value;
    }

    /** Stops the running cell at once, from any thread, without waiting (the heap guard calls this). */
    void requestStop() {
        Thread thread = cellThread;
        if (thread != null) {
            CellGuard.requestStop(thread);
            thread.interrupt();
        }
    }

    /** Forgets kept values nobody took (for example values of variable declarations). */
    void forgetValues() {
        values.clear();
    }

    ClassLoader snippetLoader() {
        return snippetLoader;
    }

    boolean isRunning() {
        return cellThread != null;
    }

    /**
     * Stops the running cell: a stop check in the cell's own code throws at the next loop iteration; code blocked
     * in a library sees an interrupt; after {@code graceMillis}, code still running (a tight loop inside a
     * library) is stopped with Thread.stop where the JDK still has it (up to JDK 19).
     *
     * @return true if the cell ended
     */
    @SuppressWarnings({"deprecation", "removal"})
    boolean stopCell(long graceMillis) {
        Thread thread = cellThread;
        if (thread == null) {
            return true;
        }
        CellGuard.requestStop(thread);
        thread.interrupt();
        try {
            thread.join(graceMillis);
            while (thread.isAlive() && CellGuard.isCooperative(thread)) {
                thread.join(graceMillis); // it stops by itself at its next check (the end of a training batch)
            }
            if (thread.isAlive() && cellThread == thread) {
                try {
                    thread.stop();
                } catch (UnsupportedOperationException notOnThisJdk) {
                    return false;
                }
                thread.join(graceMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void stop() {
        stopCell(1000);
    }

    /** Hands JShell this execution control. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control;

        Provider(CellExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "cuaderno";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }

}
