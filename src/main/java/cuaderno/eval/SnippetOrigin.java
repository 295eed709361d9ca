package cuaderno.eval;

/** Where a JShell snippet came from: which cell, and the line of that cell where the snippet starts (0-based). */
record SnippetOrigin(String cell, int firstLine) {

    String describe(int snippetLine) {
        return cell + ", line " + (firstLine + snippetLine);
    }
}
