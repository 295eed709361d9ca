package cuaderno.magic;

import cuaderno.eval.CellError;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the standard magics need from the kernel they run in. */
public interface MagicHost {

    /** Runs Java code as a cell would, naming it {@code label} in errors. */
    Optional<Object> run(String code, String label) throws CellError;

    /** Makes jars or class folders visible to cells, and loads the kernel extensions they declare. */
    void addToClasspath(List<Path> paths);

    /** What cells compile against now. */
    List<String> classpath();

    Set<String> lineMagicNames();

    Set<String> cellMagicNames();

    /** What {@code %memory} shows: the kernel's memory and the variables that hold it, after freeing what is unused. */
    Object memoryReport();
}
