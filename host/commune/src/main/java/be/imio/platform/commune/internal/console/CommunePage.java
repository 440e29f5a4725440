package be.imio.platform.commune.internal.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.Refusal;

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
    ModuleService modules;
    @Reference
    CatalogueService catalogue;
    @Reference(target = "(" + HealthCheck.MODULE + "=host)")
    HealthCheck health;
    @Reference(target = "(" + HealthCheck.MODULE + "=backups)")
    HealthCheck backups;
    @Reference
    PlatformInstance instance;
    @Reference
    HostSettingsService settings;

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
        } catch (Refusal e) {
            refused(view, e);
        }
    }

    @Override
    public final void post(ConsoleRequest request) throws IOException {
        ConsoleView view = new ConsoleView(request);
        if (!view.admin) {
            // Checked again for every page of the commune's, whatever the console already refused.
            host().problem(view, 403, "problem.this-account-may-read-but");
            return;
        }
        try {
            change(host(), view, request.path());
        } catch (Refusal e) {
            refused(view, e);
        }
    }

    /** Answers a GET of {@code path}, the address below the page's label. */
    abstract void show(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal;

    /**
     * Answers a POST of {@code path}, from an administrator (checked here again, after the console's
     * own checks of the session, the anti-forgery token and the origin); none by default.
     */
    void change(ConsoleHost host, ConsoleView view, String path) throws IOException, Refusal {
        host.problem(view, 404, "problem.this-page-does-not-exist");
    }

    private ConsoleHost host() {
        return new ConsoleHost(modules, catalogue, settings, health, backups, instance);
    }

    /** What the engine refused and the page did not answer itself: the journal unreadable, most often. */
    private void refused(ConsoleView view, Refusal e) throws IOException {
        if (e.status() >= 500) {
            LOG.error("Console page {} failed: {}", view.request.getRequestURI(), e.getMessage());
            host().problem(view, 503, "problem.the-host-s-database-does");
        } else {
            host().page(view, e.status(), view.t("host.not-possible"), null, "<p class=\"error\" role=\"alert\">"
                    + ConsoleView.esc(e.message(view.language)) + "</p>");
        }
    }
}
