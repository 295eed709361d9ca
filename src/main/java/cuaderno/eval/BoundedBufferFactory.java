package cuaderno.eval;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.cpu.nativecpu.buffer.DefaultDataBufferFactory;

/**
 * ND4J's CPU buffer factory, with a {@link NativeMemory#reserve} check before every buffer it allocates by length, so
 * that an array too large for the machine is an OutOfMemoryError instead of a crash in native code. ND4J creates it
 * by name (its {@code databufferfactory} property, which {@link NativeMemory#install} sets). Buffers copied from Java
 * arrays and views of other buffers are not checked: the heap already holds as much.
 */
public class BoundedBufferFactory extends DefaultDataBufferFactory {

    private static long checked(long length, DataType type) {
        NativeMemory.reserve(length, Math.max(1, type.width()), type.name());
        return length;
    }

    @Override
    public DataBuffer create(DataType type, long length, boolean initialize) {
        return super.create(type, checked(length, type), initialize);
    }

    @Override
    public DataBuffer create(DataType type, long length, boolean initialize, MemoryWorkspace workspace) {
        return super.create(type, checked(length, type), initialize, workspace);
    }

    // One line per typed method ND4J's Nd4j.createBuffer(...) family calls: (length), (length, initialize),
    // (length, initialize, workspace), and the old (length, elementSize).

    @Override public DataBuffer createFloat(long n) { return super.createFloat(checked(n, DataType.FLOAT)); }
    @Override public DataBuffer createFloat(long n, boolean init) { return super.createFloat(checked(n, DataType.FLOAT), init); }
    @Override public DataBuffer createFloat(long n, boolean init, MemoryWorkspace ws) { return super.createFloat(checked(n, DataType.FLOAT), init, ws); }
    @Override public DataBuffer createFloat(long n, int elementSize) { return super.createFloat(checked(n, DataType.FLOAT), elementSize); }

    @Override public DataBuffer createDouble(long n) { return super.createDouble(checked(n, DataType.DOUBLE)); }
    @Override public DataBuffer createDouble(long n, boolean init) { return super.createDouble(checked(n, DataType.DOUBLE), init); }
    @Override public DataBuffer createDouble(long n, boolean init, MemoryWorkspace ws) { return super.createDouble(checked(n, DataType.DOUBLE), init, ws); }
    @Override public DataBuffer createDouble(long n, int elementSize) { return super.createDouble(checked(n, DataType.DOUBLE), elementSize); }

    @Override public DataBuffer createHalf(long n) { return super.createHalf(checked(n, DataType.HALF)); }
    @Override public DataBuffer createHalf(long n, boolean init) { return super.createHalf(checked(n, DataType.HALF), init); }
    @Override public DataBuffer createHalf(long n, boolean init, MemoryWorkspace ws) { return super.createHalf(checked(n, DataType.HALF), init, ws); }
    @Override public DataBuffer createHalf(long n, int elementSize) { return super.createHalf(checked(n, DataType.HALF), elementSize); }

    @Override public DataBuffer createInt(long n) { return super.createInt(checked(n, DataType.INT)); }
    @Override public DataBuffer createInt(long n, boolean init) { return super.createInt(checked(n, DataType.INT), init); }
    @Override public DataBuffer createInt(long n, boolean init, MemoryWorkspace ws) { return super.createInt(checked(n, DataType.INT), init, ws); }
    @Override public DataBuffer createInt(long n, int elementSize) { return super.createInt(checked(n, DataType.INT), elementSize); }

    @Override public DataBuffer createLong(long n) { return super.createLong(checked(n, DataType.LONG)); }
    @Override public DataBuffer createLong(long n, boolean init) { return super.createLong(checked(n, DataType.LONG), init); }
    @Override public DataBuffer createLong(long n, boolean init, MemoryWorkspace ws) { return super.createLong(checked(n, DataType.LONG), init, ws); }

    @Override public DataBuffer createBFloat16(long n) { return super.createBFloat16(checked(n, DataType.BFLOAT16)); }
    @Override public DataBuffer createBFloat16(long n, boolean init) { return super.createBFloat16(checked(n, DataType.BFLOAT16), init); }
    @Override public DataBuffer createBFloat16(long n, boolean init, MemoryWorkspace ws) { return super.createBFloat16(checked(n, DataType.BFLOAT16), init, ws); }

    @Override public DataBuffer createShort(long n) { return super.createShort(checked(n, DataType.SHORT)); }
    @Override public DataBuffer createShort(long n, boolean init) { return super.createShort(checked(n, DataType.SHORT), init); }
    @Override public DataBuffer createShort(long n, boolean init, MemoryWorkspace ws) { return super.createShort(checked(n, DataType.SHORT), init, ws); }

    @Override public DataBuffer createByte(long n) { return super.createByte(checked(n, DataType.BYTE)); }
    @Override public DataBuffer createByte(long n, boolean init) { return super.createByte(checked(n, DataType.BYTE), init); }
    @Override public DataBuffer createByte(long n, boolean init, MemoryWorkspace ws) { return super.createByte(checked(n, DataType.BYTE), init, ws); }

    @Override public DataBuffer createBool(long n) { return super.createBool(checked(n, DataType.BOOL)); }
    @Override public DataBuffer createBool(long n, boolean init) { return super.createBool(checked(n, DataType.BOOL), init); }
    @Override public DataBuffer createBool(long n, boolean init, MemoryWorkspace ws) { return super.createBool(checked(n, DataType.BOOL), init, ws); }

    @Override public DataBuffer createUInt(long n) { return super.createUInt(checked(n, DataType.UINT32)); }
    @Override public DataBuffer createUInt(long n, boolean init) { return super.createUInt(checked(n, DataType.UINT32), init); }
    @Override public DataBuffer createUInt(long n, boolean init, MemoryWorkspace ws) { return super.createUInt(checked(n, DataType.UINT32), init, ws); }

    @Override public DataBuffer createUShort(long n) { return super.createUShort(checked(n, DataType.UINT16)); }
    @Override public DataBuffer createUShort(long n, boolean init) { return super.createUShort(checked(n, DataType.UINT16), init); }
    @Override public DataBuffer createUShort(long n, boolean init, MemoryWorkspace ws) { return super.createUShort(checked(n, DataType.UINT16), init, ws); }

    @Override public DataBuffer createUByte(long n) { return super.createUByte(checked(n, DataType.UBYTE)); }
    @Override public DataBuffer createUByte(long n, boolean init) { return super.createUByte(checked(n, DataType.UBYTE), init); }
    @Override public DataBuffer createUByte(long n, boolean init, MemoryWorkspace ws) { return super.createUByte(checked(n, DataType.UBYTE), init, ws); }

    @Override public DataBuffer createULong(long n) { return super.createULong(checked(n, DataType.UINT64)); }
    @Override public DataBuffer createULong(long n, boolean init) { return super.createULong(checked(n, DataType.UINT64), init); }
    @Override public DataBuffer createULong(long n, boolean init, MemoryWorkspace ws) { return super.createULong(checked(n, DataType.UINT64), init, ws); }
}
