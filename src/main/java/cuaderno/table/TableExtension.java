package cuaderno.table;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import tech.tablesaw.api.Table;

/** Shows Tablesaw tables inline (HTML in the notebook, LaTeX and Markdown for PDF export, text in consoles). */
public final class TableExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        kernel.getRenderer()
                .createRegistration(Table.class)
                .preferring("text/html")
                .register((table, context) -> context.getOutputContainer()
                        .assign(Tables.bundle(table).toDisplayData()));
    }
}
