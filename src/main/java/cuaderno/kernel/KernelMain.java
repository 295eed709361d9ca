package cuaderno.kernel;

import cuaderno.eval.NativeMemory;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a kernel on the connection file Jupyter hands over, and runs until it is shut down. */
public final class KernelMain {

    private KernelMain() {
    }

    public static void run(Path connectionFile) throws Exception {
        NativeMemory.install(); // before anything loads ND4J or JavaCPP, which read the limit once
        CuadernoKernel kernel = new CuadernoKernel(); // first: it starts warming up the compiler at once
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
        KernelConnection connection = new KernelConnection(properties);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}
