package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.FleetExport;
import be.imio.platform.repository.internal.fleet.FleetQuery;
import be.imio.platform.repository.internal.fleet.FleetReader;
import be.imio.platform.repository.internal.fleet.HostKind;
import be.imio.platform.repository.internal.fleet.HostReport;
import be.imio.platform.repository.internal.release.ReleaseDesk;

/**
 * The fleet in iMio's console, {@code /console/fleet}: per module, how many hosts run each version
 * and how many are behind, on a revoked release, on a release that failed elsewhere or unhealthy
 * (each count a link to those hosts); then the hosts, filtered and sorted as the form below asks
 * ({@link FleetQuery}), a hundred a page; {@code /console/fleet/hosts.csv} exports them as the
 * filters keep them, for a spreadsheet.
 */
@Component(service = ConsolePage.class)
public final class FleetPage implements ConsolePage {

    static final int PAGE_SIZE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(FleetPage.class);
    private static final List<Fleet.Flag> MODULE_FLAGS = List.of(Fleet.Flag.BEHIND, Fleet.Flag.REVOKED,
            Fleet.Flag.FAILED_ELSEWHERE, Fleet.Flag.UNHEALTHY);

    private final FleetReader fleet;

    @Activate
    public FleetPage(@Reference RepositoryDatabase database, @Reference ReleaseDesk desk) {
        this.fleet = new FleetReader(database.hosts(), desk.ledger(), database.required(), database.rollouts()::published);
    }

    @Override
    public String label() {
        return "fleet";
    }

    @Override
    public String titleKey() {
        return "fleet.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        if (!request.path().isEmpty() && !request.path().equals("/hosts.csv")) {
            request.page(404, request.text("fleet.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.not-found") + "</p>");
            return;
        }
        Fleet now;
        try {
            now = fleet.now();
        } catch (SQLException e) {
            LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
            request.page(503, request.text("fleet.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
            return;
        }
        Map<String, String[]> parameters = request.request().getParameterMap();
        FleetQuery query = FleetQuery.of(parameters);
        List<Fleet.HostRow> rows = query.apply(now);
        if (request.path().equals("/hosts.csv")) {
            csv(request, rows);
            return;
        }
        StringBuilder main = new StringBuilder(64 * 1024);
        modules(request, now, main);
        FleetHostsTable.write(request, now, query, rows, page(parameters), main);
        request.page(200, request.text("fleet.title"), label(), main.toString());
    }

    private static int page(Map<String, String[]> parameters) {
        String[] page = parameters.get("page");
        return page != null && page.length > 0 && page[0].matches("[1-9]\\d{0,4}") ? Integer.parseInt(page[0]) : 1;
    }

    /** The hosts as the filters keep them: semicolons and a byte order mark, as Excel in Belgium opens a file. */
    private static void csv(ConsoleRequest request, List<Fleet.HostRow> rows) throws IOException {
        String csv = "\uFEFF" + FleetExport.csv(rows, column -> request.text("fleet.column." + column),
                kind -> kindName(request, kind), ';');
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        request.response().setStatus(200);
        request.response().setContentType("text/csv; charset=UTF-8; header=present");
        request.response().setHeader("Content-Disposition", "attachment; filename=\"parc-hotes.csv\"");
        request.response().setContentLength(bytes.length);
        request.response().getOutputStream().write(bytes);
    }

    static String kindName(ConsoleRequest request, HostKind kind) {
        return RepositoryTexts.message(kind.textKey()).in(request.language());
    }

    /** The per-module summary: each count links to the hosts it counts. */
    private static void modules(ConsoleRequest request, Fleet fleet, StringBuilder html) {
        html.append("<section aria-labelledby=\"modules-title\"><h2 id=\"modules-title\">")
                .append(request.html("fleet.modules.title")).append("</h2>");
        if (fleet.modules().isEmpty()) {
            html.append("<p id=\"no-module\">").append(request.html("fleet.modules.none")).append("</p></section>");
            return;
        }
        html.append("<table id=\"fleet-modules\"><caption>").append(request.html("fleet.modules.caption",
                fleet.hosts().size())).append("</caption><thead><tr>");
        for (String column : new String[] {"fleet.modules.module", "fleet.modules.newest", "fleet.modules.versions",
                "fleet.flag.behind", "fleet.flag.revoked", "fleet.flag.failed-elsewhere", "fleet.flag.unhealthy"}) {
            html.append("<th scope=\"col\">").append(request.html(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Fleet.ModuleSummary module : fleet.modules()) {
            String name = escape(module.name());
            String group = module.groupId() == null ? "" : escape(module.groupId());
            html.append("<tr data-module=\"").append(name).append("\" data-group=\"").append(group)
                    .append("\"><th scope=\"row\">").append(name).append(" <span class=\"group\">").append(group)
                    .append("</span></th><td>").append(module.newestStable() == null ? request.html("fleet.none")
                            : escape(module.newestStable())).append("</td><td><ul class=\"versions\">");
            module.versions().forEach((version, count) -> html.append("<li><a href=\"/console/fleet?module=")
                    .append(url(module.name())).append("&amp;version=").append(url(version)).append("\">")
                    .append(request.html("fleet.modules.version-count", version, count)).append("</a></li>"));
            html.append("</ul></td>");
            int[] counts = {module.behind(), module.revoked(), module.failedElsewhere(), module.unhealthy()};
            for (int i = 0; i < counts.length; i++) {
                Fleet.Flag flag = MODULE_FLAGS.get(i);
                html.append("<td class=\"count\" data-flag=\"").append(flag.id()).append("\" data-count=\"")
                        .append(counts[i]).append("\">");
                if (counts[i] == 0) {
                    html.append("0");
                } else {
                    html.append("<a class=\"state\" data-state=\"").append(flag == Fleet.Flag.BEHIND ? "DEGRADED" : "DOWN")
                            .append("\" href=\"/console/fleet?module=").append(url(module.name())).append("&amp;flag=")
                            .append(flag.id()).append("\">").append(counts[i]).append("</a>");
                }
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></section>");
    }

    static String url(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** How long ago, in words: less than an hour, hours up to two days, then days. */
    static String ago(ConsoleRequest request, Duration silence) {
        if (silence.toMinutes() < 60) {
            return request.text("fleet.ago.minutes", Math.max(0, silence.toMinutes()));
        }
        if (silence.toHours() < 48) {
            return request.text("fleet.ago.hours", silence.toHours());
        }
        return request.text("fleet.ago.days", silence.toDays());
    }

    static String healthKey(String health) {
        return HostReport.HEALTH.contains(health) ? "fleet.health." + health : "fleet.health.unknown";
    }
}
