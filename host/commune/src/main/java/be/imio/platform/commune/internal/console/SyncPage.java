package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import be.imio.platform.console.api.ConsolePage;

/**
 * "Synchronise now", the dashboard's button, {@code POST /console/sync}: never parked behind a
 * sync already running; the dashboard shows where it stands.
 */
@Component(service = ConsolePage.class)
public final class SyncPage extends CommunePage {

    public SyncPage() {
        super("sync", "menu.dashboard", 70, false);
    }

    @Override
    void show(ConsoleHost host, ConsoleView view, String path) throws IOException {
        host.problem(view, 404, "problem.this-page-does-not-exist");
    }

    @Override
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException {
        if (path.isEmpty()) {
            host.catalogue().syncNow();
            view.seeOther("/console/");
        } else {
            host.problem(view, 404, "problem.this-page-does-not-exist");
        }
    }
}
