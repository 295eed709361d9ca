package cuaderno.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites the bytecode JShell compiles from a cell, before it is loaded:
 * <ul>
 *   <li>a call to {@link CellGuard#check()} at every method entry and before every backward jump, so that
 *       {@code while (true) {}} stops on interrupt on every JDK (Thread.stop is gone from JDK 20 on);</li>
 *   <li>{@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become a thrown error.</li>
 * </ul>
 * Inserted calls take and leave nothing on the stack, so frames and max stack stay valid.
 */
final class CellBytecode {

    private static final String GUARD = CellGuard.class.getName().replace('.', '/');

    private CellBytecode() {
    }

    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                return hasCode ? new GuardedMethod(mv) : mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class GuardedMethod extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        GuardedMethod(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label target) {
            if (seen.contains(target)) {
                check();
            }
            super.visitJumpInsn(opcode, target);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            check();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            check();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")
                    && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            }
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "check", "()V", false);
        }
    }
}
