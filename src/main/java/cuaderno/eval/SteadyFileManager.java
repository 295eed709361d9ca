package cuaderno.eval;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The file manager under JShell's compiler, keeping its classpath index between snippets.
 * <p>
 * javac hands every compilation task {@code --multi-release 17}, and javac's file manager answers any such option by
 * dropping its index of which jar holds which package; JShell runs three or four tasks per snippet, so each snippet
 * re-read the directory lists of every jar on the classpath (DL4J's 80 jars: a quarter of a trivial cell's time,
 * more at start-up). Here an option that repeats the value already set is a no-op, which is exactly what it means;
 * everything else, a classpath change included, goes through and clears the index as before.
 */
final class SteadyFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {

    private static final String MULTI_RELEASE = "--multi-release";

    private String multiRelease;

    SteadyFileManager(StandardJavaFileManager fileManager) {
        super(fileManager);
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (!MULTI_RELEASE.equals(current) || !remaining.hasNext()) {
            return super.handleOption(current, remaining);
        }
        String value = remaining.next();
        if (value.equals(multiRelease)) {
            return true;
        }
        boolean handled = super.handleOption(current, List.of(value).iterator());
        multiRelease = handled ? value : null;
        return handled;
    }

    // ------------------------------------------------------------ StandardJavaFileManager, forwarded as it is

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(Objects.requireNonNull(factory));
    }
}
