package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Operation;

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

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        ShellTable table = ShellTexts.table(words, "shell.column.id", "shell.column.requested", "shell.column.by", "shell.column.module",
                "shell.column.action", "shell.column.from", "shell.column.to", "shell.column.state", "shell.column.reason");
        if (detail) {
            table.column(words.say("shell.column.detail"));
        }
        for (Operation o : modules.operations(module, Math.max(1, count))) {
            var row = table.addRow();
            row.addContent(o.id(), words.dateTime(o.requestedAt()), o.requestedBy(), o.module(), o.action().id(),
                    o.fromVersion() == null ? "" : o.fromVersion(),
                    o.policy() != null ? o.policy().id() : o.toVersion() == null ? "" : o.toVersion(),
                    o.state().id(), o.reasonWords() == null ? "" : words.say(o.reasonWords().words()));
            if (detail) {
                row.addContent(o.detail() == null ? "" : o.detail());
            }
        }
        table.print(System.out);
        return null;
    }
}
