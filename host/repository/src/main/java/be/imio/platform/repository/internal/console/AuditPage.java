package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
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
import be.imio.platform.repository.internal.audit.AuditLog;

/**
 * The audit log in iMio's console, {@code /console/audit}: every change of the repository (a
 * release, a refused upload, a promotion, a revocation, a rollout's step, a requirement, a host or
 * publisher created or disabled), newest first, a hundred at a time, filtered by action, account
 * and subject. Read-only, for the staff.
 */
@Component(service = ConsolePage.class)
public final class AuditPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(AuditPage.class);
    private static final int PAGE = 100;

    private final AuditLog log;

    @Activate
    public AuditPage(@Reference RepositoryDatabase database) {
        this.log = database.audit();
    }

    @Override
    public String label() {
        return "audit";
    }

    @Override
    public String titleKey() {
        return "audit.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        String action = ConsoleForm.value(request, "action");
        String actor = ConsoleForm.value(request, "actor");
        String subject = ConsoleForm.value(request, "subject");
        String before = ConsoleForm.value(request, "before");
        if (!request.path().isEmpty() || !action.matches("[a-z-]{0,40}") || actor.length() > 100 || subject.length() > 200
                || !before.matches("\\d{0,18}")) {
            request.page(request.path().isEmpty() ? 400 : 404, request.text("audit.title"), label(),
                    "<p class=\"error\" role=\"alert\">" + request.html(request.path().isEmpty() ? "audit.bad-filter"
                            : "releases.not-found") + "</p>");
            return;
        }
        List<AuditLog.Entry> entries;
        List<String> actions;
        try {
            entries = log.read(new AuditLog.Query(action, actor, subject, before.isEmpty() ? null : Long.parseLong(before),
                    PAGE));
            actions = log.actions();
        } catch (SQLException e) {
            LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
            request.page(503, request.text("audit.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
            return;
        }
        StringBuilder html = new StringBuilder(32 * 1024);
        Map<String, String> values = Map.of("action", action, "actor", actor, "subject", subject);
        html.append("<form id=\"audit-filters\" method=\"get\" action=\"/console/audit\" class=\"filters\">");
        List<String[]> choices = new ArrayList<>();
        choices.add(new String[] {"", request.text("audit.any-action")});
        actions.forEach(a -> choices.add(new String[] {a, a}));
        ConsoleForm.select(html, request, "action", "audit.column.action", choices, values, Map.of());
        ConsoleForm.text(html, request, "actor", "audit.column.actor", null, values, Map.of(), "maxlength=\"100\"");
        ConsoleForm.text(html, request, "subject", "audit.column.subject", null, values, Map.of(), "maxlength=\"200\"");
        html.append("<div class=\"actions\"><button type=\"submit\">").append(request.html("audit.filter"))
                .append("</button></div></form>");
        if (entries.isEmpty()) {
            html.append("<p id=\"no-entry\">").append(request.html("audit.none")).append("</p>");
        } else {
            html.append("<table id=\"audit\"><caption>").append(request.html("audit.caption", entries.size()))
                    .append("</caption><thead><tr>");
            for (String column : new String[] {"at", "actor", "action", "subject", "outcome", "detail"}) {
                html.append("<th scope=\"col\">").append(request.html("audit.column." + column)).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            for (AuditLog.Entry entry : entries) {
                html.append("<tr data-id=\"").append(entry.id()).append("\" data-action=\"").append(escape(entry.action()))
                        .append("\"><td>").append(request.dateTime(entry.at())).append("</td><th scope=\"row\">")
                        .append(escape(entry.actor())).append(" <span class=\"muted\">").append(escape(entry.address()))
                        .append("</span></th><td>").append(escape(entry.action())).append("</td><td>")
                        .append(escape(entry.subject())).append("</td><td>").append(escape(entry.outcome()))
                        .append("</td><td>").append(escape(entry.detail())).append("</td></tr>");
            }
            html.append("</tbody></table>");
            if (entries.size() == PAGE) {
                String filters = "action=" + FleetPage.url(action) + "&amp;actor=" + FleetPage.url(actor) + "&amp;subject="
                        + FleetPage.url(subject);
                html.append("<p class=\"actions\"><a id=\"older\" href=\"/console/audit?").append(filters)
                        .append("&amp;before=").append(entries.get(entries.size() - 1).id()).append("\">")
                        .append(request.html("audit.older")).append("</a></p>");
            }
        }
        request.page(200, request.text("audit.title"), label(), html.toString());
    }
}
