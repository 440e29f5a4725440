package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.HostFiling;
import be.imio.platform.repository.internal.fleet.HostKind;
import be.imio.platform.repository.internal.fleet.HostRegistry;

/**
 * The hosts in iMio's console, {@code /console/hosts}: every registered host with its kind,
 * group, registration and state; for an administrator, the form that registers one (its
 * credential shown once, on the answer to the form) and, per host, a confirmation page that
 * disables it with a reason ({@code /console/hosts/ID/disable}). Both changes go through the
 * same registry, checks and audit as the REST API and the shell.
 */
@Component(service = ConsolePage.class)
public final class HostsPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(HostsPage.class);
    private static final Pattern DISABLE = Pattern.compile("/([a-z0-9-]{2,63})/disable");

    private final HostRegistry hosts;

    @Activate
    public HostsPage(@Reference RepositoryDatabase database) {
        this.hosts = database.hosts();
    }

    @Override
    public String label() {
        return "hosts";
    }

    @Override
    public String titleKey() {
        return "hosts.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        Matcher disable = DISABLE.matcher(request.path());
        try {
            if (request.path().isEmpty()) {
                list(request, 200, Map.of(), Map.of(), null);
            } else if (disable.matches() && !request.admin()) {
                request.page(403, request.text("hosts.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("form.read-only") + "</p>");
            } else if (disable.matches() && active(disable.group(1))) {
                confirm(request, 200, disable.group(1), "", null);
            } else {
                notFound(request);
            }
        } catch (SQLException e) {
            unavailable(request, e);
        }
    }

    @Override
    public void post(ConsoleRequest request) throws IOException {
        if (!request.admin()) {
            request.page(403, request.text("hosts.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("form.read-only") + "</p>");
            return;
        }
        Matcher disable = DISABLE.matcher(request.path());
        try {
            if (request.path().isEmpty()) {
                register(request);
            } else if (disable.matches()) {
                disable(request, disable.group(1));
            } else {
                notFound(request);
            }
        } catch (SQLException e) {
            unavailable(request, e);
        }
    }

    /** True when {@code id} is a registered host that is not disabled. */
    private boolean active(String id) throws SQLException {
        return hosts.all().stream().anyMatch(host -> host.id().equals(id) && host.disabledAt() == null);
    }

    private void register(ConsoleRequest request) throws IOException, SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("id", "label", "kind", "group")) {
            values.put(field, ConsoleForm.value(request, field));
        }
        HostFiling filing;
        try {
            filing = HostFiling.of(values.get("id"), values.get("kind"), values.get("group"), values.get("label"));
        } catch (HostFiling.Refused e) {
            String field = switch (e.code()) {
                case "bad_host_kind" -> "kind";
                case "bad_host_group" -> "group";
                case "bad_host_label" -> "label";
                default -> "id";
            };
            list(request, 400, values, Map.of(field, RepositoryTexts.message(e.key()).in(request.language())), null);
            return;
        }
        String token = hosts.register(filing, request.user(), address(request), Instant.now());
        if (token == null) {
            list(request, 409, values, Map.of("id", RepositoryTexts.message("problem.host-exists").in(request.language())),
                    null);
            return;
        }
        LOG.info("Registered host {} ({} from {}, console)", filing.id(), request.user(), address(request));
        request.page(201, request.text("hosts.registered.title"), label(), "<section class=\"notice-box\" role=\"status\">"
                + "<p class=\"notice\">" + request.html("hosts.registered", filing.id()) + "</p><p><label for=\"token\">"
                + request.html("hosts.credential") + "</label><input id=\"token\" readonly value=\"" + escape(token)
                + "\" class=\"secret\"></p><p>" + request.html("hosts.credential-once") + "</p></section>"
                + "<p><a href=\"/console/hosts\">" + request.html("hosts.back") + "</a></p>");
    }

    private void disable(ConsoleRequest request, String id) throws IOException, SQLException {
        String reason = ConsoleForm.value(request, "reason");
        if (Reasons.of(reason) == null) {
            confirm(request, 400, id, reason, RepositoryTexts.message("problem.disable-reason").in(request.language()));
            return;
        }
        if (!hosts.disable(id, reason, request.user(), address(request), Instant.now())) {
            list(request, 409, Map.of(), Map.of(), request.text("hosts.not-disabled", id));
            return;
        }
        LOG.info("Disabled host {} ({} from {}, console): {}", id, request.user(), address(request), reason);
        request.seeOther("/console/hosts?disabled=" + id);
    }

    private static String address(ConsoleRequest request) {
        return (String) request.request().getAttribute(WebContexts.CLIENT_ADDRESS);
    }

    private void confirm(ConsoleRequest request, int status, String id, String reason, String error) throws IOException {
        StringBuilder html = new StringBuilder(2048).append("<p>").append(request.html("hosts.disable.explain", id))
                .append("</p><form id=\"disable-form\" method=\"post\" action=\"/console/hosts/").append(escape(id))
                .append("/disable\">").append(request.csrfField());
        ConsoleForm.text(html, request, "reason", "hosts.disable.reason", "hosts.disable.reason-hint",
                Map.of("reason", reason), error == null ? Map.of() : Map.of("reason", error),
                "required maxlength=\"500\"");
        html.append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">").append(request.html("hosts.disable.confirm"))
                .append("</button><a class=\"button secondary\" href=\"/console/hosts\">").append(request.html("form.cancel"))
                .append("</a></div></form>");
        request.page(status, request.text("hosts.disable.title", id), label(), html.toString());
    }

    private void list(ConsoleRequest request, int status, Map<String, String> values, Map<String, String> errors,
            String alert) throws IOException, SQLException {
        StringBuilder html = new StringBuilder(16 * 1024);
        String disabled = request.request().getParameter("disabled");
        if (alert != null) {
            html.append("<p class=\"error\" role=\"alert\">").append(escape(alert)).append("</p>");
        } else if (disabled != null && disabled.matches("[a-z0-9-]{2,63}")) {
            html.append("<p class=\"notice\" role=\"status\">").append(request.html("hosts.disabled-notice", disabled))
                    .append("</p>");
        }
        List<HostRegistry.Host> all = hosts.all();
        if (all.isEmpty()) {
            html.append("<p id=\"no-host\">").append(request.html("hosts.none")).append("</p>");
        } else {
            table(request, all, html);
        }
        if (request.admin()) {
            form(request, values, errors, html);
        }
        request.page(status, request.text("hosts.title"), label(), html.toString());
    }

    private static void table(ConsoleRequest request, List<HostRegistry.Host> all, StringBuilder html) {
        html.append("<table id=\"hosts\"><caption>").append(request.html("hosts.caption", all.size()))
                .append("</caption><thead><tr>");
        for (String column : new String[] {"hosts.column.host", "hosts.column.kind", "hosts.column.group",
                "hosts.column.registered", "hosts.column.last-report", "hosts.column.state"}) {
            html.append("<th scope=\"col\">").append(request.html(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (HostRegistry.Host host : all) {
            html.append("<tr data-host=\"").append(escape(host.id())).append("\"><th scope=\"row\">")
                    .append(escape(host.name()));
            if (host.label() != null) {
                html.append(" <span class=\"muted\">").append(escape(host.id())).append("</span>");
            }
            html.append("</th><td>").append(escape(FleetPage.kindName(request, host.kind()))).append("</td><td>")
                    .append(escape(host.group() == null ? "" : host.group())).append("</td><td>")
                    .append(request.html("hosts.registered-by", request.dateTime(host.registeredAt()), host.registeredBy()))
                    .append("</td><td>").append(host.lastReportAt() == null ? request.html("fleet.never")
                            : request.dateTime(host.lastReportAt())).append("</td><td>");
            if (host.disabledAt() != null) {
                html.append("<span class=\"state\" data-state=\"DOWN\">").append(request.html("hosts.disabled-on",
                        request.dateTime(host.disabledAt()), host.disabledBy())).append("</span>");
            } else {
                html.append("<span class=\"state\" data-state=\"UP\">").append(request.html("hosts.active")).append("</span>");
                if (request.admin()) {
                    html.append(" <a class=\"disable\" href=\"/console/hosts/").append(escape(host.id()))
                            .append("/disable\">").append(request.html("hosts.disable", host.id())).append("</a>");
                }
            }
            html.append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void form(ConsoleRequest request, Map<String, String> values, Map<String, String> errors,
            StringBuilder html) {
        html.append("<section aria-labelledby=\"register-title\"><h2 id=\"register-title\">")
                .append(request.html("hosts.register.title")).append("</h2>").append(ConsoleForm.summary(request, errors))
                .append("<form id=\"register-form\" method=\"post\" action=\"/console/hosts\">").append(request.csrfField());
        ConsoleForm.text(html, request, "id", "hosts.register.id", "hosts.register.id-hint", values, errors,
                "required maxlength=\"63\" autocomplete=\"off\"");
        ConsoleForm.text(html, request, "label", "hosts.register.label", "hosts.register.label-hint", values, errors,
                "maxlength=\"200\"");
        ConsoleForm.select(html, request, "kind", "hosts.register.kind", java.util.Arrays.stream(HostKind.values())
                .map(kind -> new String[] {kind.id(), FleetPage.kindName(request, kind)}).toList(),
                values.containsKey("kind") ? values : Map.of("kind", HostKind.COMMUNE.id()), errors);
        ConsoleForm.text(html, request, "group", "hosts.register.group", "hosts.register.group-hint", values, errors,
                "maxlength=\"63\"");
        html.append("<div class=\"actions\"><button id=\"register\" type=\"submit\">")
                .append(request.html("hosts.register.submit")).append("</button></div></form></section>");
    }

    private void notFound(ConsoleRequest request) throws IOException {
        request.page(404, request.text("hosts.title"), label(), "<p class=\"error\" role=\"alert\">"
                + request.html("releases.not-found") + "</p>");
    }

    private void unavailable(ConsoleRequest request, SQLException e) throws IOException {
        LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
        request.page(503, request.text("hosts.title"), label(), "<p class=\"error\" role=\"alert\">"
                + request.html("releases.unavailable") + "</p>");
    }
}
