package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.api.Texts;
import be.imio.platform.api.BelgianFormats;

/** {@code imio:operations}: the audit log of module operations, newest first. */
@Service
@Command(scope = "imio", name = "operations", description = "Shows the audit log of module operations, newest first")
public final class OperationsCommand implements Action {

    @Option(name = "--module", description = "Only this module")
    @Completion(ModuleNameCompleter.class)
    String module;

    @Option(name = "-n", description = "How many (default 20)")
    int count = 20;

    @Option(name = "--detail", description = "Also the technical message behind each reason")
    boolean detail;

    @Reference
    ModuleService modules;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Id", "Requested", "By", "Module", "Action", "From", "To", "State", "Reason"}) {
            table.column(column);
        }
        if (detail) {
            table.column("Detail");
        }
        for (Operation o : modules.operations(module, Math.max(1, count))) {
            // The reason as the journal keeps it for staff: French, then English.
            var row = table.addRow();
            row.addContent(o.id(), BelgianFormats.dateTime(Texts.ENGLISH, o.requestedAt()), o.requestedBy(), o.module(), o.action().id(),
                    o.fromVersion() == null ? "" : o.fromVersion(),
                    o.policy() != null ? o.policy().id() : o.toVersion() == null ? "" : o.toVersion(),
                    o.state().id(), o.reasonWords() == null ? "" : o.reasonWords().inFrenchThenEnglish());
            if (detail) {
                row.addContent(o.detail() == null ? "" : o.detail());
            }
        }
        table.print(System.out);
        return null;
    }
}
