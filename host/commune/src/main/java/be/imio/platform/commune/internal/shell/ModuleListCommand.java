package be.imio.platform.commune.internal.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Message;
import be.imio.platform.api.ShellWords;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.ModuleStatus;

/** {@code imio:module-list}: the modules this host runs, with version, policy and health. */
@Service
@Command(scope = "imio", name = "module-list", description = "Lists this host's modules with version, policy and health")
public final class ModuleListCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellTexts.of(session);
        ShellTable table = ShellTexts.table(words, "shell.column.module", "shell.column.group", "shell.column.version",
                "shell.column.enabled", "shell.column.pinned", "shell.column.policy", "shell.column.health",
                "shell.column.notice");
        for (ModuleStatus status : modules.modules()) {
            InstalledModule module = status.module();
            List<String> notices = new ArrayList<>();
            if (status.revoked()) {
                notices.add(words.say("shell.notice.revoked", status.revokedReason()));
            } else if (status.updateAvailable() != null) {
                notices.add(words.say("shell.notice.update", status.updateAvailable()));
            }
            for (FailedRelease failed : status.failedReleases()) {
                notices.add(words.say(failed.message().words()));
            }
            HealthStatus health = status.health();
            String said = words.say(Message.written(health::message));
            table.addRow().addContent(module.name(), module.groupId(), module.version(), words.say(module.enabled() ? "shell.yes" : "shell.no"),
                    module.pinnedVersion() == null ? "" : module.pinnedVersion(), status.policy().id(),
                    said.isEmpty() ? health.state().name() : health.state().name() + " \u2014 " + said,
                    String.join("; ", notices));
        }
        table.print(System.out);
        return null;
    }
}
