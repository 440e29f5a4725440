package be.imio.platform.repository.internal.fleet;

import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.repository.internal.RepositoryDatabase;

/**
 * {@code POST /repository/reports}: a registered host says what it runs ({@link HostReport}). It
 * logs in with HTTP Basic, its host id and credential; the latest report is kept with when it was
 * received. Unknown hosts and wrong credentials get 401, a disabled host or a report naming
 * another host 403, a report of another shape 400 naming the field; none changes anything.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardServletName("imio.repository.reports")
@HttpWhiteboardServletPattern("/repository/reports")
public final class ReportsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReportsServlet.class);

    private final transient HostRegistry hosts;

    @Activate
    public ReportsServlet(@Reference RepositoryDatabase database) {
        this.hosts = database.hosts();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] credentials = basic(request.getHeader("Authorization"));
        try {
            HostRegistry.Credential credential = credentials == null ? HostRegistry.Credential.REFUSED
                    : hosts.authenticates(credentials[0], credentials[1]);
            if (credential == HostRegistry.Credential.REFUSED) {
                LOG.warn("Refused a report from {} (unknown host or wrong credential)",
                        request.getAttribute(WebContexts.CLIENT_ADDRESS));
                response.setHeader("WWW-Authenticate", "Basic realm=\"iMio hosts\"");
                refuse(request, response, 401, "unknown_host", "problem.unknown-host");
                return;
            }
            if (credential == HostRegistry.Credential.DISABLED) {
                LOG.warn("Refused a report of disabled host {} from {}", credentials[0],
                        request.getAttribute(WebContexts.CLIENT_ADDRESS));
                refuse(request, response, 403, "host_disabled", "problem.host-disabled");
                return;
            }
            byte[] body;
            try {
                body = request.getInputStream().readNBytes(HostRegistry.MAX_REPORT_CHARS + 1);
            } catch (IOException unreadable) {
                // A body that cannot be read (a chunk size that is no number, a connection cut): the host's fault.
                refuse(request, response, 400, "bad_report", "problem.bad-report");
                return;
            }
            if (body.length > HostRegistry.MAX_REPORT_CHARS) {
                refuse(request, response, 413, "too_large", "problem.report-too-large");
                return;
            }
            JsonNode json;
            try {
                json = Json.reader().readTree(body);
            } catch (IOException e) {
                json = null;
            }
            HostReport report;
            try {
                report = HostReport.read(json, credentials[0]);
            } catch (HostReport.Invalid e) {
                refuse(request, response, 400, "bad_report", "problem.bad-report-field", e.field());
                return;
            } catch (HostReport.OtherHost e) {
                LOG.warn("Refused a report of host {} that names another host ({})", credentials[0],
                        request.getAttribute(WebContexts.CLIENT_ADDRESS));
                refuse(request, response, 403, "not_this_host", "problem.not-this-host");
                return;
            }
            Instant now = Instant.now();
            report = report.seen(hosts.lastReport(credentials[0]), now);
            String canonical = Json.writer().writeValueAsString(report.toJson());
            if (canonical.length() > HostRegistry.MAX_REPORT_CHARS) {
                refuse(request, response, 413, "too_large", "problem.report-too-large");
                return;
            }
            hosts.saveReport(credentials[0], report, canonical, now,
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            response.setStatus(204);
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
        }
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)} : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
