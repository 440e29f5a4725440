package be.imio.platform.commune.internal;

import java.io.IOException;
import java.sql.SQLException;

import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.lifecycle.ModuleEngine;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * What every page of the commune host's console shares: the host's parts it reads and acts on,
 * and the page saying so when the host's database does not answer. A page of this bundle is a
 * {@link ConsolePage} service extending this class.
 */
abstract class CommunePage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(CommunePage.class);

    private final String label;
    private final String titleKey;
    private final int order;
    private final boolean listed;

    @Reference
    ModuleEngine engine;
    @Reference
    CatalogueSync sync;
    @Reference
    HostSettings settings;
    @Reference(target = "(" + HealthCheck.MODULE + "=host)")
    HealthCheck health;
    @Reference(target = "(" + HealthCheck.MODULE + "=backups)")
    HealthCheck backups;
    @Reference
    HostSettingsService hostSettings;

    /**
     * A page answering {@code /console/<label>}, named by the text {@code titleKey}, at {@code order}
     * in the navigation when {@code listed} (else reached by links only).
     */
    CommunePage(String label, String titleKey, int order, boolean listed) {
        this.label = label;
        this.titleKey = titleKey;
        this.order = order;
        this.listed = listed;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final String titleKey() {
        return titleKey;
    }

    @Override
    public final String category() {
        return listed ? MAIN : null;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public final void get(ConsoleRequest request) throws IOException {
        ConsoleView view = new ConsoleView(request);
        try {
            show(host(), view, request.path());
        } catch (SQLException e) {
            unavailable(view, e);
        }
    }

    @Override
    public final void post(ConsoleRequest request) throws IOException {
        ConsoleView view = new ConsoleView(request);
        try {
            change(host(), view, request.path());
        } catch (SQLException e) {
            unavailable(view, e);
        }
    }

    /** Answers a GET of {@code path}, the address below the page's label. */
    abstract void show(ConsoleHost host, ConsoleView view, String path) throws IOException, SQLException;

    /** Answers a POST of {@code path}, checked by the console already; none by default. */
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, SQLException {
        host.problem(view, 404, "problem.this-page-does-not-exist");
    }

    private ConsoleHost host() {
        return new ConsoleHost(engine, sync, settings, health, backups, hostSettings);
    }

    private void unavailable(ConsoleView view, SQLException e) throws IOException {
        LOG.error("Console page {} failed: {}", view.request.getRequestURI(), e.getMessage(), e);
        host().problem(view, 503, "problem.the-host-s-database-does");
    }
}
