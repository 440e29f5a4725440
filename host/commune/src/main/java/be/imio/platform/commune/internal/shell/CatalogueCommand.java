package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.OfferedRelease;

/**
 * {@code imio:catalogue}: what the repository offers on this host's channel, each module with its
 * group and the publisher account of each release (two groups may release the same short name).
 */
@Service
@Command(scope = "imio", name = "catalogue", description = "Lists the modules the repository offers on this host's channel")
public final class CatalogueCommand implements Action {

    @Reference
    CatalogueService catalogue;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        ShellTable table = ShellTexts.table(words, "shell.column.module", "shell.column.group", "shell.column.version",
                "shell.column.channel", "shell.column.compatible", "shell.column.publisher", "shell.column.notice");
        for (CatalogueModule module : catalogue.modules()) {
            for (OfferedRelease r : module.releases()) {
                table.addRow().addContent(module.id().name(), module.id().groupId(), r.version(), r.channel(),
                        r.compatible() ? words.say("shell.yes") : words.say("shell.notice.incompatible", r.hostApi()),
                        r.releasedBy() == null ? "" : r.releasedBy(),
                        r.revoked() ? words.say("shell.notice.revoked", r.revokedReason())
                                : r.rollout() != null ? words.say("shell.notice.rollout." + r.rollout()) : "");
            }
        }
        table.print(System.out);
        return null;
    }
}
