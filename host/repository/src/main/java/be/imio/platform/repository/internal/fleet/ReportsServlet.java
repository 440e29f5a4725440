package be.imio.platform.repository.internal.fleet;

import static be.imio.platform.api.json.JsonAnswers.send;
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
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.repository.internal.RepositoryDatabase;

/**
 * {@code POST /repository/reports}: a registered host says what it runs (a JSON object: modules,
 * versions, health, last sync). It logs in with HTTP Basic, its host id and credential; the latest
 * report is kept. Unknown hosts and wrong credentials get 401 and change nothing.
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
            if (credentials == null || !hosts.authenticates(credentials[0], credentials[1])) {
                LOG.warn("Refused a report from {} (unknown host or wrong credential)",
                        request.getAttribute(WebContexts.CLIENT_ADDRESS));
                response.setHeader("WWW-Authenticate", "Basic realm=\"iMio hosts\"");
                refuse(request, response, 401, "unknown_host", "problem.unknown-host");
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
            JsonNode report;
            try {
                report = Json.reader().readTree(body);
            } catch (IOException e) {
                report = null;
            }
            if (report == null || !report.isObject()) {
                refuse(request, response, 400, "bad_report", "problem.bad-report");
                return;
            }
            String canonical = Json.writer().writeValueAsString(report);
            if (canonical.length() > HostRegistry.MAX_REPORT_CHARS) {
                refuse(request, response, 413, "too_large", "problem.report-too-large");
                return;
            }
            hosts.saveReport(credentials[0], canonical, Instant.now(),
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
