/**
 * Loads ND4J and OpenBLAS once, so that JavaCPP extracts their native libraries into the cache folder given with
 * -Dorg.bytedeco.javacpp.cachedir: scripts/hub fills the class's shared, read-only cache this way, and every student's
 * kernel maps the same files (instead of 390 MB extracted into each home at the first DL4J cell).
 */
public class LoadNatives {
    public static void main(String[] args) {
        org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 2, 3}).sumNumber();
    }
}
