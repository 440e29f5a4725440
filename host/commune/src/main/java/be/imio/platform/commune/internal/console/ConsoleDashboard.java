package be.imio.platform.commune.internal.console;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import be.imio.platform.commune.api.Refusal;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.api.OfferedRelease;

/** The console's first page: is the host well, is it in step with iMio, is anything waiting. */
public final class ConsoleDashboard {

    private ConsoleDashboard() {
    }

    static void show(ConsoleHost host, ConsoleView view) throws IOException, Refusal {
        StringBuilder main = new StringBuilder();
        HealthStatus health = host.health().check();
        main.append("<section id=\"health\" data-state=\"").append(health.state().name()).append("\"><h2>")
                .append(view.h("dashboard.host-health")).append("</h2><p><span class=\"state\" data-state=\"")
                .append(health.state().name()).append("\">").append(ConsoleText.health(view, health.state()))
                .append("</span> ").append(ConsoleView.esc(health.message(view.language))).append("</p>");
        HealthStatus backups = host.backups().check();
        main.append("<p id=\"backups\" data-state=\"").append(backups.state().name()).append("\"")
                .append(backups.state() == HealthStatus.State.UP ? "" : " class=\"warning\" role=\"alert\"").append(">")
                .append(view.h("dashboard.backups")).append(ConsoleView.esc(backups.message(view.language)))
                .append("</p>");
        PlatformInstance.Upgrade upgrade = host.instance().lastUpgrade();
        main.append("<p id=\"platform\">").append(view.h("dashboard.platform", host.instance().platformVersion()));
        if (upgrade != null) {
            main.append(' ').append(view.h("dashboard.platform-upgraded", upgrade.fromVersion(),
                    view.dateTime(upgrade.completedAt())));
        }
        main.append("</p></section>");

        SyncStatus sync = host.catalogue().status();
        Instant now = Instant.now();
        main.append("<section id=\"sync\"><h2>").append(view.h("dashboard.imio-s-catalogue")).append("</h2>");
        if (sync.lastSync() == null) {
            main.append("<p>").append(view.h("dashboard.not-yet-synchronised-with-the")).append("</p>");
        } else {
            main.append("<p>").append(view.h("dashboard.last-successful-sync"))
                    .append(view.dateTime(sync.lastSync())).append(" (").append(view.age(sync.lastSync(), now))
                    .append(")</p>");
        }
        if (sync.offlineSince() != null) {
            main.append("<p class=\"warning\" role=\"alert\">")
                    .append(view.h("dashboard.unreachable-since", view.dateTime(sync.offlineSince()))).append("</p>");
        } else if (sync.warning() != null) {
            main.append("<p class=\"warning\" role=\"alert\">").append(view.h("dashboard.catalogue-update-refused"))
                    .append(ConsoleView.esc(sync.warning().in(view.language))).append("</p>");
        }
        if (view.admin) {
            main.append("<form id=\"sync-form\" method=\"post\" action=\"/console/sync\">").append(view.csrfField())
                    .append("<button type=\"submit\" class=\"action\">").append(view.h("dashboard.synchronise-now")).append("</button></form>");
        }
        main.append("</section>");

        List<InstalledModule> modules = host.modules().installed();
        StringBuilder updates = new StringBuilder();
        StringBuilder notices = new StringBuilder();
        for (InstalledModule module : modules) {
            if (!module.enabled()) {
                continue;
            }
            String title = ConsoleView.esc(host.title(view, module.id()));
            String link = ConsoleView.esc(host.modules().reference(module.id()));
            host.modules().updateFor(module).ifPresent(v -> updates.append("<li data-module=\"").append(ConsoleView.esc(module.name()))
                            .append("\" data-group=\"").append(ConsoleView.esc(module.groupId()))
                            .append("\"><a href=\"/console/catalogue/").append(link).append("\">")
                            .append(title).append("</a> ").append(ConsoleView.esc(module.version())).append(" → ")
                            .append(ConsoleView.esc(v)).append("</li>"));
            host.catalogue().release(module.id(), module.version()).filter(OfferedRelease::revoked)
                    .ifPresent(r -> notices.append("<li data-module=\"").append(ConsoleView.esc(module.name()))
                            .append("\"><strong>").append(title).append(' ').append(ConsoleView.esc(r.version()))
                            .append("</strong> ").append(view.h("dashboard.withdrawn", r.revokedReason())).append("</li>"));
        }
        if (view.request.getParameter("deferred") != null) {
            main.append("<p class=\"notice\" role=\"status\">").append(view.h("mandatory.deferred-notice")).append("</p>");
        }
        ConsoleMandatory.section(host, view, host.modules().mandatoryUpdates(), main);
        main.append("<section id=\"updates\"><h2>").append(view.h("dashboard.updates-available"))
                .append("</h2>").append(updates.length() == 0 ? "<p>" + view.h("dashboard.none") + "</p>"
                        : "<ul>" + updates + "</ul>").append("</section>");
        main.append("<section id=\"notices\"><h2>").append(view.h("dashboard.security-notices"))
                .append("</h2>").append(notices.length() == 0 ? "<p>" + view.h("dashboard.none-2") + "</p>"
                        : "<ul class=\"warning\" role=\"alert\">" + notices + "</ul>").append("</section>");

        main.append("<section id=\"operations\"><h2>").append(view.h("dashboard.operations-in-progress"))
                .append("</h2>");
        Operation current = host.modules().current().orElse(null);
        int queued = host.modules().queued();
        if (current == null && queued == 0) {
            main.append("<p>").append(view.h("dashboard.none")).append("</p>");
        } else {
            main.append("<ul>");
            if (current != null) {
                main.append("<li><a href=\"/console/operations/").append(current.id()).append("\">")
                        .append(ConsoleView.esc(ConsoleText.describe(view, current, host))).append("</a></li>");
            }
            if (queued > 0) {
                main.append("<li>").append(view.h("dashboard.waiting", queued)).append("</li>");
            }
            main.append("</ul>");
        }
        main.append("</section>");
        host.page(view, 200, view.t("dashboard.dashboard"), "/", main.toString());
    }
}
