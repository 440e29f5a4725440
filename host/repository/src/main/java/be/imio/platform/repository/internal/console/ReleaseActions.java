package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.MetadataException;

/**
 * Promoting and revoking a release from the console: {@code /console/releases/G:A:V/promote} or
 * {@code .../revoke} shows what will change and asks for the confirmation (and, to revoke, the
 * reason hosts will read); only the confirmation, a POST from an administrator, changes anything,
 * through the same signed ledger (audit row and new signed targets in one step) as the REST API
 * and the shell.
 */
final class ReleaseActions {

    static final Pattern ACTION = Pattern.compile("/([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)/(promote|revoke)");
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseActions.class);

    private final ReleaseDesk desk;

    ReleaseActions(ReleaseDesk desk) {
        this.desk = desk;
    }

    /** The confirmation page of {@code action}. */
    void confirm(ConsoleRequest request, Matcher action, int status, String reason, String error) throws IOException {
        String release = action.group(1) + ":" + action.group(2) + ":" + action.group(3);
        boolean revoke = action.group(4).equals("revoke");
        StringBuilder html = new StringBuilder(2048).append("<p>")
                .append(request.html(revoke ? "releases.revoke.explain" : "releases.promote.explain", release))
                .append("</p><form id=\"confirm-form\" method=\"post\" action=\"/console/releases/").append(escape(release))
                .append('/').append(action.group(4)).append("\">").append(request.csrfField());
        if (revoke) {
            ConsoleForm.text(html, request, "reason", "releases.revoke.reason", "releases.revoke.reason-hint",
                    Map.of("reason", reason), error == null ? Map.of() : Map.of("reason", error),
                    "required maxlength=\"500\"");
        }
        html.append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">")
                .append(request.html(revoke ? "releases.revoke.confirm" : "releases.promote.confirm"))
                .append("</button><a class=\"button secondary\" href=\"/console/releases\">")
                .append(request.html("form.cancel")).append("</a></div></form>");
        request.page(status, request.text(revoke ? "releases.revoke.title" : "releases.promote.title", release),
                "releases", html.toString());
    }

    /** Does {@code action}, confirmed; answers the releases page with what happened. */
    void act(ConsoleRequest request, Matcher action) throws IOException {
        String release = action.group(1) + ":" + action.group(2) + ":" + action.group(3);
        boolean revoke = action.group(4).equals("revoke");
        String reason = ConsoleForm.value(request, "reason");
        if (revoke && Reasons.of(reason) == null) {
            confirm(request, action, 400, reason, request.text("releases.revoke.reason-missing"));
            return;
        }
        String address = (String) request.request().getAttribute(WebContexts.CLIENT_ADDRESS);
        boolean changed;
        try {
            changed = revoke ? desk.signed().revoke(action.group(1), action.group(2), action.group(3), reason,
                    request.user(), address)
                    : desk.signed().promote(action.group(1), action.group(2), action.group(3), request.user(), address);
        } catch (SQLException | MetadataException e) {
            LOG.error("{} of {} from the console failed: {}", action.group(4), release, e.getMessage(), e);
            request.page(503, request.text("releases.title"), "releases", "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.action-failed") + "</p>");
            return;
        }
        if (!changed) {
            request.page(409, request.text("releases.title"), "releases", "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.no-change", release) + "</p><p><a href=\"/console/releases\">"
                    + request.html("releases.back") + "</a></p>");
            return;
        }
        LOG.info("{} {} ({} from {}, console){}", revoke ? "Revoked" : "Promoted", release, request.user(), address,
                revoke ? ": " + reason : "");
        request.seeOther("/console/releases?" + (revoke ? "revoked=" : "promoted=") + release);
    }
}
