package cuaderno.cli;

import cuaderno.data.DataError;
import cuaderno.data.Mnist;
import cuaderno.data.MnistFiles;

import java.util.List;

/** {@code data fetch mnist}: fills the data cache so that notebooks start without a download. */
final class Data {

    private Data() {
    }

    static int run(List<String> args) {
        if (args.size() != 2 || !args.get(0).equals("fetch") || !args.get(1).equals("mnist")) {
            System.err.println("Usage: java -jar cuaderno.jar data fetch mnist");
            return 2;
        }
        try {
            System.out.println("MNIST: looking in " + MnistFiles.folder() + " (set CUADERNO_DATA to use another folder)");
            Mnist mnist = Mnist.load();
            System.out.println(mnist + " (SHA-256 checked)");
            return 0;
        } catch (DataError e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
