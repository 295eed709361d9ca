package cuaderno.kernel;

import jdk.jshell.SourceCodeAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JShell's index of every class of the JDK and the classpath, which only completion uses (package names, classes to
 * import). JShell builds it in a background thread from its start and pauses only while a snippet compiles, so on
 * two cores it took a core from the warm-up and from cells run back to back (Run All, nbconvert, grading). Here
 * it waits until the kernel has been idle for {@value #IDLE_MILLIS} ms, or until someone asks for completion.
 * <p>
 * JShell's analysis object has public suspend/resume methods that are not part of its API, hence reflection (the
 * kernel opens {@code jdk.jshell}); where that fails, JShell indexes as it always did.
 */
final class ClassIndexing {

    private static final Logger LOG = LoggerFactory.getLogger(ClassIndexing.class);
    static final long IDLE_MILLIS = 3000;

    private final SourceCodeAnalysis analysis;
    private final Method resume;
    private final AtomicLong lastActivity = new AtomicLong();
    private volatile boolean paused;

    private ClassIndexing(SourceCodeAnalysis analysis, Method resume, boolean paused) {
        this.analysis = analysis;
        this.resume = resume;
        this.paused = paused;
    }

    /** Pauses the indexing of a fresh evaluator's analysis. */
    static ClassIndexing pause(SourceCodeAnalysis analysis) {
        try {
            Method suspend = analysis.getClass().getMethod("suspendIndexing");
            Method resume = analysis.getClass().getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            suspend.invoke(analysis);
            return new ClassIndexing(analysis, resume, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("JShell indexes classes from its start: {}", e.toString());
            return new ClassIndexing(analysis, null, false);
        }
    }

    /** Something ran (a cell): the idle time starts again. */
    void busy() {
        lastActivity.incrementAndGet();
    }

    /** The kernel went idle: resume in {@value #IDLE_MILLIS} ms unless it gets busy before. */
    void idle() {
        if (!paused) {
            return;
        }
        long activity = lastActivity.incrementAndGet();
        CompletableFuture.runAsync(() -> {
            if (lastActivity.get() == activity) {
                resumeNow();
            }
        }, CompletableFuture.delayedExecutor(IDLE_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Resumes now (completion wants the index), once. */
    synchronized void resumeNow() {
        if (!paused) {
            return;
        }
        paused = false;
        try {
            resume.invoke(analysis);
        } catch (ReflectiveOperationException e) {
            LOG.warn("Could not resume JShell's class indexing: {}", e.toString());
        }
    }
}
