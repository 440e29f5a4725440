package be.imio.platform.repository.internal.shell;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.rollout.RolloutDesk;
import be.imio.platform.repository.internal.rollout.RolloutProgress;
import be.imio.platform.repository.internal.rollout.RolloutRow;

/** {@code imio:rollout-list}: every staged rollout, newest first, with its ring, its progress and why it halted. */
@Service
@Command(scope = "imio", name = "rollout-list", description = "Lists the staged rollouts and where each stands")
public final class RolloutList implements Action {

    @Reference
    private RolloutDesk desk;

    @Reference
    private RepositoryDatabase database;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        ShellTable table = new ShellTable();
        words.headers("shell.column.rollout", "shell.column.release", "shell.column.state", "shell.column.ring",
                "shell.column.running", "shell.column.halt").forEach(table::column);
        List<Fleet.HostRow> fleet = Fleet.of(database.hosts().all(), List.of(), Instant.now()).hosts();
        for (RolloutRow row : desk.ledger().all()) {
            RolloutProgress progress = RolloutProgress.of(row, fleet);
            int running = progress.rings().stream().mapToInt(RolloutProgress.Ring::running).sum();
            int hosts = progress.rings().stream().mapToInt(RolloutProgress.Ring::hosts).sum();
            table.addRow().addContent(row.id(), row.release(), words.say("shell.rollout.state." + row.state().id()),
                    (row.stage() + 1) + "/" + row.rings().size(), running + "/" + hosts,
                    row.haltReason() == null ? "" : words.say(row.haltReason().equals("rollbacks")
                            ? "shell.rollout.halt-rollbacks" : "shell.rollout.halt-unhealthy", String.join(", ", row.haltHosts())));
        }
        table.print(System.out);
        return null;
    }
}
