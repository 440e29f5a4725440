package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
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

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.FleetReader;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.rollout.RequiredDesk;
import be.imio.platform.repository.internal.rollout.RequiredLedger;
import be.imio.platform.repository.internal.rollout.RequiredStatus;
import be.imio.platform.repository.internal.rollout.RolloutRefused;

/**
 * Mandatory updates in iMio's console, {@code /console/required}: each required release with its
 * deadline, its reason, how many hosts run it, which still do not, which are past their date, and
 * which communes deferred it, until when and why; for an administrator, the form that requires a
 * release by a date and, per release, withdrawing it, confirmed first with a reason
 * ({@code /console/required/RELEASE/withdraw}). The same desk as the REST API and the shell.
 */
@Component(service = ConsolePage.class)
public final class RequiredPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(RequiredPage.class);
    private static final Pattern WITHDRAW = Pattern.compile("/([^/]{1,600})/withdraw");

    private final RequiredDesk desk;
    private final ReleaseDesk releases;
    private final FleetReader fleet;

    @Activate
    public RequiredPage(@Reference RequiredDesk desk, @Reference ReleaseDesk releases,
            @Reference RepositoryDatabase database) {
        this.desk = desk;
        this.releases = releases;
        this.fleet = new FleetReader(database.hosts(), releases.ledger(), database.required(), database.rollouts()::published);
    }

    @Override
    public String label() {
        return "required";
    }

    @Override
    public String titleKey() {
        return "required.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 16;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        Matcher withdraw = WITHDRAW.matcher(request.path());
        try {
            if (request.path().isEmpty()) {
                list(request, 200, Map.of(), Map.of(), null);
            } else if (withdraw.matches() && !request.admin()) {
                problem(request, 403, "form.read-only");
            } else if (withdraw.matches()) {
                confirm(request, 200, withdraw.group(1), "", null);
            } else {
                problem(request, 404, "releases.not-found");
            }
        } catch (SQLException e) {
            unavailable(request, e);
        }
    }

    @Override
    public void post(ConsoleRequest request) throws IOException {
        if (!request.admin()) {
            problem(request, 403, "form.read-only");
            return;
        }
        Matcher withdraw = WITHDRAW.matcher(request.path());
        String actor = request.user();
        String address = (String) request.request().getAttribute(WebContexts.CLIENT_ADDRESS);
        try {
            if (request.path().isEmpty()) {
                require(request, actor, address);
            } else if (withdraw.matches()) {
                String release = withdraw.group(1);
                String reason = ConsoleForm.value(request, "reason");
                if (Reasons.of(reason) == null) {
                    confirm(request, 400, release, reason, request.text("releases.revoke.reason-missing"));
                    return;
                }
                desk.withdraw(release, reason, actor, address);
                request.seeOther("/console/required?done=withdraw");
            } else {
                problem(request, 404, "releases.not-found");
            }
        } catch (RolloutRefused e) {
            try {
                list(request, e.status(), Map.of(), Map.of(), RepositoryTexts.message(e.key(), e.arguments())
                        .in(request.language()));
            } catch (SQLException again) {
                unavailable(request, again);
            }
        } catch (SQLException e) {
            unavailable(request, e);
        } catch (be.imio.platform.trust.MetadataException | IOException e) {
            // Taken back by the desk: nothing changed.
            LOG.error("A requirement from the console could not be signed: {}", e.getMessage(), e);
            problem(request, 503, "releases.action-failed");
        }
    }

    private void require(ConsoleRequest request, String actor, String address)
            throws IOException, SQLException, RolloutRefused, be.imio.platform.trust.MetadataException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("release", "by", "reason", "deferDays")) {
            values.put(field, ConsoleForm.value(request, field));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Instant by = null;
        try {
            // A browser's date and time field: Brussels time.
            by = LocalDateTime.parse(values.get("by")).atZone(BelgianFormats.BRUSSELS).toInstant();
        } catch (DateTimeParseException e) {
            errors.put("by", RepositoryTexts.message("required.bad-date").in(request.language()));
        }
        if (Reasons.of(values.get("reason")) == null) {
            errors.put("reason", RepositoryTexts.message("required.reason", Reasons.MAX).in(request.language()));
        }
        int deferDays = RequiredDesk.DEFAULT_DEFER_DAYS;
        if (!values.get("deferDays").isEmpty()) {
            try {
                deferDays = Integer.parseInt(values.get("deferDays"));
            } catch (NumberFormatException e) {
                deferDays = -1;
            }
        }
        if (!errors.isEmpty()) {
            list(request, 400, values, errors, null);
            return;
        }
        try {
            desk.require(values.get("release"), by, values.get("reason"), deferDays, actor, address);
        } catch (RolloutRefused e) {
            String field = switch (e.code()) {
                case "bad_date" -> "by";
                case "reason_required" -> "reason";
                case "bad_defer_days" -> "deferDays";
                default -> "release";
            };
            list(request, e.status(), values, Map.of(field, RepositoryTexts.message(e.key(), e.arguments())
                    .in(request.language())), null);
            return;
        }
        request.seeOther("/console/required?done=require");
    }

    private void confirm(ConsoleRequest request, int status, String release, String reason, String error)
            throws IOException {
        StringBuilder html = new StringBuilder(2048).append("<p>").append(request.html("required.withdraw.explain",
                release)).append("</p><form id=\"confirm-form\" method=\"post\" action=\"/console/required/")
                .append(escape(release)).append("/withdraw\">").append(request.csrfField());
        ConsoleForm.text(html, request, "reason", "required.withdraw.reason", null, Map.of("reason", reason),
                error == null ? Map.of() : Map.of("reason", error), "required maxlength=\"500\"");
        html.append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">")
                .append(request.html("required.withdraw")).append("</button><a class=\"button secondary\" href=\"/console/required\">")
                .append(request.html("form.cancel")).append("</a></div></form>");
        request.page(status, request.text("required.withdraw.title", release), label(), html.toString());
    }

    private void list(ConsoleRequest request, int status, Map<String, String> values, Map<String, String> errors,
            String alert) throws IOException, SQLException {
        StringBuilder html = new StringBuilder(16 * 1024);
        String done = request.request().getParameter("done");
        if (alert != null) {
            html.append("<p class=\"error\" role=\"alert\">").append(escape(alert)).append("</p>");
        } else if (done != null && done.matches("require|withdraw")) {
            html.append("<p class=\"notice\" role=\"status\">").append(request.html("required.done." + done)).append("</p>");
        }
        Fleet now = fleet.now();
        List<RequiredLedger.Row> all = desk.ledger().all();
        if (all.isEmpty()) {
            html.append("<p id=\"no-required\">").append(request.html("required.none")).append("</p>");
        }
        for (RequiredLedger.Row row : all) {
            entry(request, RequiredStatus.of(row, now), html);
        }
        if (request.admin()) {
            form(request, values, errors, html);
        }
        request.page(status, request.text("required.title"), label(), html.toString());
    }

    private static void entry(ConsoleRequest request, RequiredStatus status, StringBuilder html) {
        RequiredLedger.Row row = status.row();
        html.append("<section class=\"required\" data-release=\"").append(escape(row.release())).append("\"><h2>")
                .append(escape(row.release())).append("</h2><p>")
                .append(request.html("required.by", request.dateTime(row.required().by()), row.setBy()))
                .append("</p><p>").append(request.html("required.reason-shown", row.required().reason())).append("</p><p>")
                .append(row.required().deferrable()
                        ? request.html("required.deferrable-until", request.dateTime(row.required().deferLimit()))
                        : request.html("required.not-deferrable"))
                .append("</p>").append(status.revoked() ? "<p><span class=\"state\" data-state=\"DOWN\">"
                        + request.html("required.revoked-now") + "</span></p>" : "")
                .append("<p class=\"counts\">").append(request.html("required.counts", status.updated(),
                        status.pending().size(), status.overdue().size(), status.deferred().size())).append("</p>");
        if (!status.overdue().isEmpty()) {
            html.append("<p><span class=\"state\" data-state=\"DOWN\">").append(request.html("fleet.flag.overdue"))
                    .append("</span> ").append(escape(String.join(", ", status.overdue()))).append("</p>");
        }
        if (!status.deferred().isEmpty()) {
            html.append("<table class=\"deferrals\"><caption>").append(request.html("required.deferrals.caption"))
                    .append("</caption><thead><tr><th scope=\"col\">").append(request.html("fleet.column.name"))
                    .append("</th><th scope=\"col\">").append(request.html("required.deferrals.until"))
                    .append("</th><th scope=\"col\">").append(request.html("required.deferrals.reason"))
                    .append("</th></tr></thead><tbody>");
            for (RequiredStatus.Deferred deferred : status.deferred()) {
                html.append("<tr><th scope=\"row\">").append(escape(deferred.host())).append("</th><td>")
                        .append(request.dateTime(Fleet.due(row.required(), deferred.deferral()))).append("</td><td>")
                        .append(escape(deferred.deferral().reason())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        if (request.admin()) {
            html.append("<p class=\"actions\"><a class=\"button secondary\" href=\"/console/required/")
                    .append(escape(row.release())).append("/withdraw\">").append(request.html("required.withdraw"))
                    .append("</a></p>");
        }
        html.append("</section>");
    }

    private void form(ConsoleRequest request, Map<String, String> values, Map<String, String> errors, StringBuilder html)
            throws SQLException {
        List<String[]> stable = releases.ledger().all().stream()
                .filter(r -> r.revokedAt() == null && Release.STABLE.equals(r.channel())
                        && r.path().endsWith(Release.FEATURES_SUFFIX))
                .sorted(java.util.Comparator.comparing(Release::releasedAt).reversed())
                .map(r -> r.groupId() + ":" + r.artifactId() + ":" + r.version())
                .map(release -> new String[] {release, release}).toList();
        html.append("<section aria-labelledby=\"require-title\"><h2 id=\"require-title\">")
                .append(request.html("required.form.title")).append("</h2>").append(ConsoleForm.summary(request, errors));
        if (stable.isEmpty()) {
            html.append("<p>").append(request.html("required.form.no-stable")).append("</p></section>");
            return;
        }
        html.append("<form id=\"require-form\" method=\"post\" action=\"/console/required\" novalidate>")
                .append(request.csrfField());
        ConsoleForm.select(html, request, "release", "required.form.release", stable, values, errors);
        ConsoleForm.text(html, request, "by", "required.form.by", "required.form.by-hint", values, errors,
                "type=\"datetime-local\" required");
        ConsoleForm.text(html, request, "reason", "required.form.reason", "required.form.reason-hint", values, errors,
                "required maxlength=\"500\"");
        ConsoleForm.text(html, request, "deferDays", "required.form.defer-days", "required.form.defer-days-hint",
                values.containsKey("deferDays") ? values : Map.of("deferDays", String.valueOf(RequiredDesk.DEFAULT_DEFER_DAYS)),
                errors, "type=\"number\" min=\"0\" max=\"90\" inputmode=\"numeric\"");
        html.append("<div class=\"actions\"><button type=\"submit\">").append(request.html("required.form.submit"))
                .append("</button></div></form></section>");
    }

    private void problem(ConsoleRequest request, int status, String key) throws IOException {
        request.page(status, request.text("required.title"), label(), "<p class=\"error\" role=\"alert\">"
                + request.html(key) + "</p>");
    }

    private void unavailable(ConsoleRequest request, SQLException e) throws IOException {
        LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
        problem(request, 503, "releases.unavailable");
    }
}
