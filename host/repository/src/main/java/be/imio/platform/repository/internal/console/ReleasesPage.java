package be.imio.platform.repository.internal.console;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Html;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.Release;

/**
 * The central repository's releases in its console, {@code /console/releases}: one row per module
 * version (its files together), newest first, with its channel, its publisher, when it was
 * released and whether it was revoked, and why; for an administrator, links to promote or revoke
 * it, each confirmed first ({@link ReleaseActions}).
 */
@Component(service = ConsolePage.class)
public final class ReleasesPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(ReleasesPage.class);

    private final ReleaseDesk desk;
    private final ReleaseActions actions;

    @Activate
    public ReleasesPage(@Reference ReleaseDesk desk) {
        this.desk = desk;
        this.actions = new ReleaseActions(desk);
    }

    @Override
    public String label() {
        return "releases";
    }

    @Override
    public String titleKey() {
        return "releases.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        java.util.regex.Matcher action = ReleaseActions.ACTION.matcher(request.path());
        if (action.matches()) {
            if (request.admin()) {
                actions.confirm(request, action, 200, "", null);
            } else {
                request.page(403, request.text("releases.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("form.read-only") + "</p>");
            }
            return;
        }
        if (!request.path().isEmpty()) {
            request.page(404, request.text("releases.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.not-found") + "</p>");
            return;
        }
        List<Release> versions;
        try {
            versions = versions(desk.ledger().all());
        } catch (SQLException e) {
            LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
            request.page(503, request.text("releases.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
            return;
        }
        request.page(200, request.text("releases.title"), label(), notice(request) + table(request, versions));
    }

    @Override
    public void post(ConsoleRequest request) throws IOException {
        java.util.regex.Matcher action = ReleaseActions.ACTION.matcher(request.path());
        if (!request.admin()) {
            request.page(403, request.text("releases.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("form.read-only") + "</p>");
        } else if (action.matches()) {
            actions.act(request, action);
        } else {
            request.page(404, request.text("releases.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.not-found") + "</p>");
        }
    }

    /** What the last change did, after the redirect that follows it. */
    private static String notice(ConsoleRequest request) {
        for (String done : new String[] {"promoted", "revoked"}) {
            String release = request.request().getParameter(done);
            if (release != null && ReleaseActions.ACTION.matcher("/" + release + "/promote").matches()) {
                return "<p class=\"notice\" role=\"status\">" + request.html(done.equals("revoked") ? "releases.revoked-notice" : "releases.promoted", release) + "</p>";
            }
        }
        return "";
    }

    /** One release per module version (the first of its files), newest first. */
    static List<Release> versions(List<Release> files) {
        Map<String, Release> byVersion = new LinkedHashMap<>();
        for (Release file : files) {
            if (!file.isCompanion()) {
                byVersion.putIfAbsent(file.groupId() + ":" + file.artifactId() + ":" + file.version(), file);
            }
        }
        return byVersion.values().stream().sorted(Comparator.comparing(Release::releasedAt).reversed()
                .thenComparing(Release::groupId).thenComparing(Release::artifactId)).toList();
    }

    /** The versions as a table; with their actions for an administrator. */
    static String table(ConsoleRequest request, List<Release> versions) {
        if (versions.isEmpty()) {
            return "<p id=\"no-release\">" + request.html("releases.none") + "</p>";
        }
        StringBuilder html = new StringBuilder(4096).append("<table id=\"releases\"><caption>")
                .append(request.html("releases.caption", versions.size())).append("</caption><thead><tr>");
        for (String column : new String[] {"releases.column.module", "releases.column.version", "releases.column.channel",
                "releases.column.publisher", "releases.column.date", "releases.column.revocation"}) {
            html.append("<th scope=\"col\">").append(request.html(column)).append("</th>");
        }
        if (request.admin()) {
            html.append("<th scope=\"col\">").append(request.html("releases.column.actions")).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (Release release : versions) {
            boolean revoked = release.revokedAt() != null;
            html.append("<tr data-module=\"").append(Html.escape(release.artifactId())).append("\" data-version=\"")
                    .append(Html.escape(release.version())).append("\"><th scope=\"row\">")
                    .append(Html.escape(release.artifactId())).append(" <span class=\"group\">")
                    .append(Html.escape(release.groupId())).append("</span></th><td>").append(Html.escape(release.version()))
                    .append("</td><td class=\"channel\">").append(request.html(Release.STABLE.equals(release.channel())
                            ? "releases.channel.stable" : "releases.channel.testing"))
                    .append("</td><td>").append(Html.escape(release.releasedBy())).append("</td><td>")
                    .append(request.dateTime(release.releasedAt())).append("</td><td class=\"revocation\" data-state=\"")
                    .append(revoked ? "revoked" : "valid").append("\">")
                    .append(revoked ? request.html("releases.revoked", request.dateTime(release.revokedAt()),
                            release.revokedReason() == null ? "" : release.revokedReason())
                            : request.html("releases.valid"))
                    .append("</td>");
            if (request.admin()) {
                html.append("<td class=\"actions-cell\">");
                String coordinates = Html.escape(release.groupId() + ":" + release.artifactId() + ":" + release.version());
                if (!revoked && !Release.STABLE.equals(release.channel())) {
                    html.append("<a class=\"promote\" href=\"/console/releases/").append(coordinates).append("/promote\">")
                            .append(request.html("releases.promote", release.version())).append("</a> ");
                }
                if (!revoked) {
                    html.append("<a class=\"revoke\" href=\"/console/releases/").append(coordinates).append("/revoke\">")
                            .append(request.html("releases.revoke", release.version())).append("</a>");
                }
                html.append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
