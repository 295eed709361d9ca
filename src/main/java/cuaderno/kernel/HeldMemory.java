package cuaderno.kernel;

import org.nd4j.linalg.api.buffer.DataBuffer;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * About how much memory a value keeps alive: ND4J arrays count their native buffers (a view counts the buffer it
 * views, once), Java arrays and strings their contents, collections and maps their elements, other objects a
 * small header per object plus what their fields reach. Fields of JDK classes other than collections are not
 * followed (the JDK's own objects are not students' data), and a walk stops after {@value #MAX_OBJECTS} objects.
 * An estimate for {@code %memory}, meant to say which variables hold the megabytes, not to count every byte.
 */
final class HeldMemory {

    private static final int MAX_OBJECTS = 200_000;
    private static final long OBJECT_HEADER = 16;
    private static final long REFERENCE = 4;

    /** What a value holds, split by where it lives. */
    record Size(long heap, long nativeBytes) {
        long total() {
            return heap + nativeBytes;
        }
    }

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Class<?>, Field[]> fields = new java.util.HashMap<>();
    private long heap;
    private long nativeBytes;

    /** What {@code value} holds; objects already counted by this instance (another variable) are not counted again. */
    Size measure(Object value) {
        long heapBefore = heap;
        long nativeBefore = nativeBytes;
        Deque<Object> pending = new ArrayDeque<>();
        push(value, pending);
        int visited = 0;
        while (!pending.isEmpty() && visited++ < MAX_OBJECTS) {
            Object next = pending.pop();
            if (next != null && seen.add(next)) {
                visit(next, pending);
            }
        }
        return new Size(heap - heapBefore, nativeBytes - nativeBefore);
    }

    private void visit(Object value, Deque<Object> pending) {
        Class<?> type = value.getClass();
        if (Nd4jArrays.isArray(value)) {
            Object buffer = Nd4jArrays.buffer(value);
            if (buffer != null && seen.add(buffer)) {
                nativeBytes += Nd4jArrays.bytes(buffer);
            }
            heap += OBJECT_HEADER * 4;
        } else if (type.isArray()) {
            int length = Array.getLength(value);
            Class<?> component = type.getComponentType();
            heap += OBJECT_HEADER + (long) length * (component.isPrimitive() ? primitiveBytes(component) : REFERENCE);
            if (!component.isPrimitive()) {
                for (int i = 0; i < length; i++) {
                    push(Array.get(value, i), pending);
                }
            }
        } else if (value instanceof String s) {
            heap += OBJECT_HEADER * 2 + s.length();
        } else if (value instanceof Collection<?> collection) {
            heap += OBJECT_HEADER + (long) collection.size() * OBJECT_HEADER;
            each(collection, pending);
        } else if (value instanceof Map<?, ?> map) {
            heap += OBJECT_HEADER + (long) map.size() * OBJECT_HEADER * 2;
            each(map.keySet(), pending);
            each(map.values(), pending);
        } else if (!isJdk(type)) {
            heap += OBJECT_HEADER;
            for (Field field : fieldsOf(type)) {
                heap += field.getType().isPrimitive() ? primitiveBytes(field.getType()) : REFERENCE;
                if (!field.getType().isPrimitive()) {
                    try {
                        push(field.get(value), pending);
                    } catch (IllegalAccessException | RuntimeException unreadable) {
                        // a field this walk may not read: counted as a reference only
                    }
                }
            }
        }
    }

    /** Queues a value to visit; past the walk's size, what is left is not counted (an array of millions of boxes). */
    private static void push(Object value, Deque<Object> pending) {
        if (value != null && pending.size() < MAX_OBJECTS) {
            pending.push(value);
        }
    }

    private static void each(Collection<?> items, Deque<Object> pending) {
        try {
            for (Object item : items) {
                push(item, pending);
            }
        } catch (RuntimeException changedMeanwhile) {
            // a collection another thread is changing: what was reached is counted
        }
    }

    private Field[] fieldsOf(Class<?> type) {
        return fields.computeIfAbsent(type, t -> {
            java.util.List<Field> found = new java.util.ArrayList<>();
            for (Class<?> c = t; c != null && !isJdk(c); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && field.trySetAccessible()) {
                        found.add(field);
                    }
                }
            }
            return found.toArray(Field[]::new);
        });
    }

    private static boolean isJdk(Class<?> type) {
        Module module = type.getModule();
        return module.isNamed() && module.getLayer() == ModuleLayer.boot()
                && (module.getName().startsWith("java.") || module.getName().startsWith("jdk."));
    }

    private static long primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        return type == short.class || type == char.class ? 2 : 1;
    }

    /** ND4J arrays (checking for one loads the interface only, never ND4J's native libraries). */
    private static final class Nd4jArrays {

        static boolean isArray(Object value) {
            return value instanceof org.nd4j.linalg.api.ndarray.INDArray;
        }

        /** The buffer an array's numbers live in, the viewed one for a view; null for an empty or closed array. */
        static Object buffer(Object value) {
            try {
                DataBuffer data = ((org.nd4j.linalg.api.ndarray.INDArray) value).data();
                return data == null || data.originalDataBuffer() == null ? data : data.originalDataBuffer();
            } catch (RuntimeException closed) {
                return null;
            }
        }

        static long bytes(Object buffer) {
            DataBuffer data = (DataBuffer) buffer;
            return data.length() * data.getElementSize();
        }
    }
}
