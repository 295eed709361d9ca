package org.dflib.jjava.jupyter.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

/**
 * Lives in jjava-jupyter's package because {@link JupyterIO}'s attach/detach methods are package-private in 1.0-a6
 * and a kernel that handles execute requests itself must attach the display and stdin streams to each request.
 */
public final class JupyterIOAccess {

    private JupyterIOAccess() {
    }

    public static void attach(JupyterIO io, ShellReplyEnvironment env, boolean stdinAllowed) {
        io.setEnv(env);
        io.setJupyterInEnabled(stdinAllowed);
    }

    public static void detach(JupyterIO io, ShellReplyEnvironment env) {
        io.retractEnv(env);
    }
}
