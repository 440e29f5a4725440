package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.commune.api.Refusal;

/**
 * The console's home page, {@code /console/}: the host's health, its last sync, updates waiting,
 * operations in progress, and "Synchronise now" (which {@link SyncPage} answers).
 */
@Component(service = ConsolePage.class)
public final class DashboardPage extends CommunePage {

    public DashboardPage() {
        super("", "menu.dashboard", 10, true);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        if (path.isEmpty()) {
            ConsoleDashboard.show(host, view);
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
