package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.FleetExport;
import be.imio.platform.repository.internal.fleet.FleetQuery;
import be.imio.platform.repository.internal.fleet.HostKind;
import be.imio.platform.repository.internal.fleet.HostReport;

/**
 * The hosts part of the fleet page: the filter form (a GET, so that a filtered view is a link one
 * can send), the table of one page of hosts, and the links to the other pages and to the CSV.
 */
final class FleetHostsTable {

    private FleetHostsTable() {
    }

    static void write(ConsoleRequest request, Fleet fleet, FleetQuery query, List<Fleet.HostRow> rows, int page,
            StringBuilder html) {
        html.append("<section aria-labelledby=\"hosts-title\"><h2 id=\"hosts-title\">")
                .append(request.html("fleet.hosts.title")).append("</h2>");
        form(request, fleet, query, html);
        String filters = query.filters();
        String sorted = (filters.isEmpty() ? "" : filters + "&") + "sort=" + query.sort()
                + (query.descending() ? "&order=desc" : "");
        html.append("<p class=\"actions\"><a id=\"csv\" class=\"button secondary\" href=\"/console/fleet/hosts.csv?")
                .append(escape(sorted)).append("\" download>").append(request.html("fleet.csv")).append("</a></p>");
        if (rows.isEmpty()) {
            html.append("<p id=\"no-host\">").append(request.html(fleet.hosts().isEmpty() ? "fleet.hosts.none"
                    : "fleet.hosts.none-matching")).append("</p></section>");
            return;
        }
        int pages = (rows.size() + FleetPage.PAGE_SIZE - 1) / FleetPage.PAGE_SIZE;
        int shown = Math.min(page, pages);
        int from = (shown - 1) * FleetPage.PAGE_SIZE;
        List<Fleet.HostRow> slice = rows.subList(from, Math.min(rows.size(), from + FleetPage.PAGE_SIZE));
        html.append("<table id=\"fleet-hosts\" data-matching=\"").append(rows.size()).append("\"><caption>")
                .append(request.html("fleet.hosts.caption", rows.size(), fleet.hosts().size(), from + 1,
                        from + slice.size())).append("</caption><thead><tr>");
        for (String column : new String[] {"name", "kind", "group", "platformVersion", "modules", "health",
                "lastReportAt", "lastSync", "offlineSince"}) {
            html.append("<th scope=\"col\">").append(request.html("fleet.column." + column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Fleet.HostRow row : slice) {
            row(request, fleet, row, html);
        }
        html.append("</tbody></table>");
        if (pages > 1) {
            html.append("<nav class=\"pages actions\" aria-label=\"").append(request.html("fleet.pages")).append("\">");
            for (int p = 1; p <= pages; p++) {
                html.append("<a href=\"/console/fleet?").append(escape(sorted)).append("&amp;page=").append(p).append('"')
                        .append(p == shown ? " aria-current=\"page\"" : "").append('>')
                        .append(request.html("fleet.page", p)).append("</a>");
            }
            html.append("</nav>");
        }
        html.append("</section>");
    }

    private static void row(ConsoleRequest request, Fleet fleet, Fleet.HostRow row, StringBuilder html) {
        HostReport report = row.report();
        html.append("<tr data-host=\"").append(escape(row.host().id())).append("\" data-flags=\"")
                .append(escape(String.join(" ", row.flags().stream().map(Fleet.Flag::id).toList())))
                .append("\"><th scope=\"row\">").append(escape(row.host().name()));
        if (row.host().label() != null) {
            html.append(" <span class=\"muted\">").append(escape(row.host().id())).append("</span>");
        }
        if (row.host().disabledAt() != null) {
            html.append(" <span class=\"state\" data-state=\"DOWN\">")
                    .append(request.html("fleet.disabled", request.dateTime(row.host().disabledAt()))).append("</span>");
        }
        html.append("</th><td>").append(escape(FleetPage.kindName(request, row.host().kind()))).append("</td><td>")
                .append(escape(Objects.requireNonNullElse(row.host().group(), ""))).append("</td><td>")
                .append(escape(report == null || report.platformVersion() == null ? "" : report.platformVersion()))
                .append("</td><td><ul class=\"modules\">");
        for (Fleet.HostModule module : row.modules()) {
            html.append("<li data-module=\"").append(escape(module.module().name())).append("\">")
                    .append(escape(module.module().name())).append(' ').append(escape(module.module().version()));
            for (Fleet.Flag flag : module.flags()) {
                html.append(" <span class=\"state\" data-state=\"").append(flag == Fleet.Flag.BEHIND
                        || flag == Fleet.Flag.DEFERRED ? "DEGRADED" : "DOWN")
                        .append("\">").append(request.html("fleet.flag." + flag.id())).append("</span>");
            }
            if (module.deferral() != null) {
                // The commune's own words, as its administrator typed them: iMio reads why.
                html.append(" <span class=\"deferral\">").append(request.html("fleet.deferral", module.deferral().version(),
                        request.dateTime(module.due()), module.deferral().reason(),
                        module.deferral().by() == null ? "?" : module.deferral().by())).append("</span>");
            } else if (module.required() != null) {
                html.append(" <span class=\"muted\">").append(request.html("fleet.required", module.required().version(),
                        request.dateTime(module.required().update().by()))).append("</span>");
            }
            html.append("</li>");
        }
        html.append("</ul></td><td><span class=\"state\" data-state=\"").append(escape(row.health())).append("\">")
                .append(request.html(FleetPage.healthKey(row.health()))).append("</span>");
        String reasons = FleetExport.reasons(row);
        if (!reasons.isEmpty()) {
            html.append("<ul class=\"reasons\">");
            for (String reason : reasons.split("\n")) {
                html.append("<li>").append(escape(reason)).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</td><td>");
        Duration silence = row.silence(fleet.at());
        if (silence == null) {
            html.append(request.html("fleet.never"));
        } else {
            html.append(request.dateTime(row.host().lastReportAt())).append("<br><span class=\"muted\">")
                    .append(escape(FleetPage.ago(request, silence))).append("</span>");
        }
        html.append("</td><td>").append(report == null ? "" : request.dateTime(report.lastSync())).append("</td><td>")
                .append(report == null || report.offlineSince() == null ? "" : request.dateTime(report.offlineSince()))
                .append("</td></tr>");
    }

    private static void form(ConsoleRequest request, Fleet fleet, FleetQuery query, StringBuilder html) {
        html.append("<form id=\"fleet-filters\" class=\"filters\" method=\"get\" action=\"/console/fleet\">");
        select(request, html, "kind", "fleet.filter.kind", query.kind() == null ? null : query.kind().id(),
                java.util.Arrays.stream(HostKind.values()).map(k -> new String[] {k.id(),
                        FleetPage.kindName(request, k)}).toList());
        text(request, html, "group", "fleet.filter.group", query.group(), "text");
        select(request, html, "module", "fleet.filter.module", query.module(), fleet.modules().stream()
                .map(m -> new String[] {m.name(), m.name()}).toList());
        text(request, html, "version", "fleet.filter.version", query.version(), "text");
        select(request, html, "health", "fleet.filter.health", query.health(), java.util.stream.Stream.concat(
                HostReport.HEALTH.stream(), java.util.stream.Stream.of("unknown"))
                .map(h -> new String[] {h, request.text(FleetPage.healthKey(h))}).toList());
        select(request, html, "flag", "fleet.filter.flag", query.flag() == null ? null : query.flag().id(),
                java.util.Arrays.stream(Fleet.Flag.values()).map(f -> new String[] {f.id(),
                        request.text("fleet.flag." + f.id())}).toList());
        text(request, html, "silentHours", "fleet.filter.silent",
                query.silentHours() == null ? null : query.silentHours().toString(), "number");
        select(request, html, "sort", "fleet.filter.sort", query.sort(), FleetQuery.SORTS.stream()
                .map(s -> new String[] {s, request.text("fleet.sort." + s)}).toList());
        select(request, html, "order", "fleet.filter.order", query.descending() ? "desc" : "asc",
                List.of(new String[] {"asc", request.text("fleet.order.asc")},
                        new String[] {"desc", request.text("fleet.order.desc")}));
        html.append("<p><button type=\"submit\">").append(request.html("fleet.filter.apply"))
                .append("</button> <a href=\"/console/fleet\">").append(request.html("fleet.filter.reset"))
                .append("</a></p></form>");
    }

    private static void select(ConsoleRequest request, StringBuilder html, String name, String label, String current,
            List<String[]> options) {
        html.append("<p><label for=\"f-").append(name).append("\">").append(request.html(label))
                .append("</label><select id=\"f-").append(name).append("\" name=\"").append(name).append("\">");
        if (!name.equals("sort") && !name.equals("order")) {
            html.append("<option value=\"\">").append(request.html("fleet.filter.any")).append("</option>");
        }
        for (String[] option : options) {
            html.append("<option value=\"").append(escape(option[0])).append('"')
                    .append(option[0].equals(current) ? " selected" : "").append('>').append(escape(option[1]))
                    .append("</option>");
        }
        html.append("</select></p>");
    }

    private static void text(ConsoleRequest request, StringBuilder html, String name, String label, String current,
            String type) {
        html.append("<p><label for=\"f-").append(name).append("\">").append(request.html(label))
                .append("</label><input id=\"f-").append(name).append("\" name=\"").append(name).append("\" type=\"")
                .append(type).append('"').append(type.equals("number") ? " min=\"0\" max=\"99999\" class=\"short\"" : "")
                .append(" value=\"").append(escape(current == null ? "" : current)).append("\"></p>");
    }
}
