package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.rollout.RolloutDesk;
import be.imio.platform.repository.internal.rollout.RolloutProgress;
import be.imio.platform.repository.internal.rollout.RolloutRefused;
import be.imio.platform.repository.internal.rollout.RolloutRow;

/**
 * Staged rollouts in iMio's console, {@code /console/rollouts}: each rollout with its state, its
 * rings and how many hosts of each run the release, when the next ring opens, and why it halted
 * and on which hosts; for an administrator, the form that starts one (a pilot ring, a share, then
 * everyone) and, per rollout, widen, resume and abort, each confirmed first
 * ({@code /console/rollouts/ID/ACTION}). The figures are as of the moment the page was read; the
 * same actions go through the same desk as the REST API and the shell.
 */
@Component(service = ConsolePage.class)
public final class RolloutsPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutsPage.class);
    private static final Pattern ACTION = Pattern.compile("/(\\d{1,18})/(widen|resume|abort)");

    private final RolloutDesk rollouts;
    private final ReleaseDesk releases;
    private final HostRegistry hosts;

    @Activate
    public RolloutsPage(@Reference RolloutDesk rollouts, @Reference ReleaseDesk releases,
            @Reference RepositoryDatabase database) {
        this.rollouts = rollouts;
        this.releases = releases;
        this.hosts = database.hosts();
    }

    @Override
    public String label() {
        return "rollouts";
    }

    @Override
    public String titleKey() {
        return "rollouts.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 15;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        Matcher action = ACTION.matcher(request.path());
        try {
            if (request.path().isEmpty()) {
                list(request, 200, Map.of(), Map.of(), null);
            } else if (action.matches() && !request.admin()) {
                request.page(403, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("form.read-only") + "</p>");
            } else if (action.matches() && rollouts.ledger().get(Long.parseLong(action.group(1))) != null) {
                confirm(request, 200, action, "", null);
            } else {
                request.page(404, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("releases.not-found") + "</p>");
            }
        } catch (SQLException e) {
            unavailable(request, e);
        }
    }

    @Override
    public void post(ConsoleRequest request) throws IOException {
        if (!request.admin()) {
            request.page(403, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("form.read-only") + "</p>");
            return;
        }
        Matcher action = ACTION.matcher(request.path());
        String actor = request.user();
        String address = (String) request.request().getAttribute(WebContexts.CLIENT_ADDRESS);
        try {
            if (request.path().isEmpty()) {
                start(request, actor, address);
            } else if (action.matches()) {
                long id = Long.parseLong(action.group(1));
                String reason = ConsoleForm.value(request, "reason");
                if (action.group(2).equals("abort") && Reasons.of(reason) == null) {
                    confirm(request, 400, action, reason, request.text("releases.revoke.reason-missing"));
                    return;
                }
                switch (action.group(2)) {
                    case "widen" -> rollouts.widen(id, actor, address);
                    case "resume" -> rollouts.resume(id, actor, address);
                    default -> rollouts.abort(id, Reasons.of(reason), actor, address);
                }
                request.seeOther("/console/rollouts?done=" + action.group(2) + "&id=" + id);
            } else {
                request.page(404, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("releases.not-found") + "</p>");
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
        } catch (be.imio.platform.trust.MetadataException e) {
            LOG.error("A rollout change from the console could not be signed: {}", e.getMessage(), e);
            request.page(503, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.action-failed") + "</p>");
        }
    }

    private void start(ConsoleRequest request, String actor, String address)
            throws IOException, SQLException, RolloutRefused, be.imio.platform.trust.MetadataException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("release", "pilot", "pilotSoak", "share", "shareSoak", "maxRollbacks", "maxUnhealthy")) {
            values.put(field, ConsoleForm.value(request, field));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        int pilotSoak = number(values, errors, request, "pilotSoak", 0, 10080);
        int share = number(values, errors, request, "share", 0, 100);
        int shareSoak = number(values, errors, request, "shareSoak", 0, 10080);
        int maxRollbacks = number(values, errors, request, "maxRollbacks", 1, 1000);
        int maxUnhealthy = number(values, errors, request, "maxUnhealthy", 1, 100);
        if (values.get("pilot").isEmpty()) {
            errors.put("pilot", request.text("rollouts.form.pilot-missing"));
        }
        if (!errors.isEmpty()) {
            list(request, 400, values, errors, null);
            return;
        }
        List<RolloutDesk.RingRequest> rings = new ArrayList<>();
        String pilot = values.get("pilot");
        rings.add(pilot.startsWith("group:") ? new RolloutDesk.RingRequest(List.of(), pilot.substring(6), 0, pilotSoak)
                : new RolloutDesk.RingRequest(List.of(pilot.split("[,\\s]+")), null, 0, pilotSoak));
        if (share > 0 && share < 100) {
            rings.add(new RolloutDesk.RingRequest(List.of(), null, share, shareSoak));
        }
        rings.add(new RolloutDesk.RingRequest(List.of(), null, 100, 0));
        RolloutRow row = rollouts.start(values.get("release"), rings, maxRollbacks, maxUnhealthy, actor, address);
        request.seeOther("/console/rollouts?done=start&id=" + row.id());
    }

    private static int number(Map<String, String> values, Map<String, String> errors, ConsoleRequest request,
            String field, int min, int max) {
        String text = values.get(field);
        if (text.isEmpty()) {
            return min;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.put(field, request.text("rollouts.form.number", min, max));
        return min;
    }

    private void confirm(ConsoleRequest request, int status, Matcher action, String reason, String error)
            throws IOException {
        String id = action.group(1);
        String what = action.group(2);
        StringBuilder html = new StringBuilder(2048).append("<p>").append(request.html("rollouts." + what + ".explain", id))
                .append("</p><form id=\"confirm-form\" method=\"post\" action=\"/console/rollouts/").append(id).append('/')
                .append(what).append("\">").append(request.csrfField());
        if (what.equals("abort")) {
            ConsoleForm.text(html, request, "reason", "rollouts.abort.reason", null, Map.of("reason", reason),
                    error == null ? Map.of() : Map.of("reason", error), "required maxlength=\"500\"");
        }
        html.append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">").append(request.html("rollouts."
                + what)).append("</button><a class=\"button secondary\" href=\"/console/rollouts\">")
                .append(request.html("form.cancel")).append("</a></div></form>");
        request.page(status, request.text("rollouts." + what + ".title", id), label(), html.toString());
    }

    private void list(ConsoleRequest request, int status, Map<String, String> values, Map<String, String> errors,
            String alert) throws IOException, SQLException {
        StringBuilder html = new StringBuilder(16 * 1024);
        String done = request.request().getParameter("done");
        String doneId = request.request().getParameter("id");
        if (alert != null) {
            html.append("<p class=\"error\" role=\"alert\">").append(escape(alert)).append("</p>");
        } else if (done != null && doneId != null && done.matches("start|widen|resume|abort") && doneId.matches("\\d{1,18}")) {
            html.append("<p class=\"notice\" role=\"status\">").append(request.html("rollouts.done." + done, doneId))
                    .append("</p>");
        }
        List<HostRegistry.Host> registered = hosts.all();
        List<Fleet.HostRow> fleet = Fleet.of(registered, List.of(), Instant.now()).hosts();
        List<RolloutRow> all = rollouts.ledger().all();
        if (all.isEmpty()) {
            html.append("<p id=\"no-rollout\">").append(request.html("rollouts.none")).append("</p>");
        }
        for (RolloutRow row : all) {
            RolloutsView.rollout(request, RolloutProgress.of(row, fleet), html);
        }
        if (request.admin()) {
            // Modules' releases (their features XML), newest first, as hosts install them.
            List<String> offered = releases.ledger().all().stream()
                    .filter(r -> r.revokedAt() == null && r.path().endsWith(Release.FEATURES_SUFFIX))
                    .sorted(java.util.Comparator.comparing(Release::releasedAt).reversed())
                    .map(r -> r.groupId() + ":" + r.artifactId() + ":" + r.version()).toList();
            List<String> groups = registered.stream().map(HostRegistry.Host::group).filter(java.util.Objects::nonNull)
                    .distinct().sorted().toList();
            RolloutsView.form(request, offered, groups, values, errors, html);
        }
        request.page(status, request.text("rollouts.title"), label(), html.toString());
    }

    private void unavailable(ConsoleRequest request, SQLException e) throws IOException {
        LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
        request.page(503, request.text("rollouts.title"), label(), "<p class=\"error\" role=\"alert\">"
                + request.html("releases.unavailable") + "</p>");
    }
}
