package cuaderno.eval;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.enums.MemoryKind;
import org.nd4j.linalg.cpu.nativecpu.CpuMemoryManager;

/**
 * ND4J's CPU memory manager, which allocates DL4J's workspaces, with a {@link NativeMemory#reserve} check first.
 * ND4J creates it by name (its {@code memorymanager} property, which {@link NativeMemory#install} sets).
 */
public class BoundedMemoryManager extends CpuMemoryManager {

    @Override
    public Pointer allocate(long bytes, MemoryKind kind, boolean initialize) {
        NativeMemory.reserve(bytes);
        return super.allocate(bytes, kind, initialize);
    }
}
