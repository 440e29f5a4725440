package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.WebContexts;

/**
 * {@code /repository/maven/*}: the repository in the Maven layout. {@code mvn deploy} PUTs here
 * (the context lets in only publishers); Maven and Karaf GET released files, their checksums and
 * a {@code maven-metadata.xml} the repository writes from its releases.
 */
// Registered only once its context is: a servlet that reaches Pax Web before its context waits
// in a state that Pax Web mishandles when the framework stops (it maps the servlet twice).
@Component(service = Servlet.class, reference = @Reference(name = "context", service = ServletContextHelper.class,
        target = "(osgi.http.whiteboard.context.name=" + WebContexts.PUBLISH + ")"))
@HttpWhiteboardServletName("imio.repository.maven")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.PUBLISH + ")")
public final class MavenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ReleaseDesk desk;
    private final transient ImmutableFileCache released = new ImmutableFileCache(128L * 1024 * 1024);

    @Activate
    public MavenServlet(@Reference ReleaseDesk desk) {
        this.desk = desk;
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        try {
            ReleaseDesk.Outcome outcome = desk.upload(path, request.getInputStream(), request.getContentLengthLong(),
                    request.getRemoteUser(), request.getRemoteAddr());
            response.setStatus(outcome == ReleaseDesk.Outcome.RELEASED ? 201 : 200);
        } catch (ReleaseRefused refused) {
            response.setStatus(refused.status());
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"error\":\"" + refused.code() + "\",\"message\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(refused.getMessage()) + "}\n");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (!MavenPath.safe(path)) {
            response.sendError(404);
            return;
        }
        if (MavenPath.isArtifactMetadata(path)) {
            sendArtifactMetadata(path, response);
            return;
        }
        Path file = desk.files().resolve(path);
        String algorithm = Checksums.algorithmOf(path);
        // A released file never changes: cached bytes are always the right ones.
        ImmutableFileCache.Cached cached = released.get(file);
        if (cached != null) {
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
            Answers.sendCached(request, response, cached,
                    path.endsWith(".jar") ? "application/java-archive" : "application/xml");
        } else if (algorithm != null && Files.isRegularFile(desk.files().resolve(path.substring(0, path.lastIndexOf('.'))))) {
            sendText(response, Checksums.of(desk.files().resolve(path.substring(0, path.lastIndexOf('.'))), algorithm));
        } else {
            response.sendError(404);
        }
    }

    private void sendArtifactMetadata(String path, HttpServletResponse response) throws IOException {
        String folder = path.substring(0, path.indexOf("/maven-metadata.xml"));
        String artifactId = folder.substring(folder.lastIndexOf('/') + 1);
        String groupId = folder.substring(0, folder.lastIndexOf('/')).replace('/', '.');
        List<Release> releases;
        try {
            releases = desk.ledger().all().stream()
                    .filter(r -> r.groupId().equals(groupId) && r.artifactId().equals(artifactId))
                    .sorted(Comparator.comparing(Release::releasedAt)).toList();
        } catch (SQLException e) {
            response.sendError(503);
            return;
        }
        if (releases.isEmpty()) {
            response.sendError(404);
            return;
        }
        List<String> versions = releases.stream().map(Release::version).distinct().toList();
        String latest = versions.get(versions.size() - 1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(groupId).append("</groupId>\n")
                .append("  <artifactId>").append(artifactId).append("</artifactId>\n")
                .append("  <versioning>\n    <latest>").append(latest).append("</latest>\n    <release>").append(latest)
                .append("</release>\n    <versions>\n");
        versions.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        byte[] bytes = xml.toString().getBytes(StandardCharsets.UTF_8);
        String algorithm = path.endsWith(".xml") ? null : Checksums.algorithmOf(path);
        if (algorithm != null) {
            sendText(response, Checksums.of(bytes, algorithm));
            return;
        }
        response.setContentType("application/xml");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void sendText(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain;charset=US-ASCII");
        response.getWriter().write(text);
    }

    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null || info.length() < 2 ? "" : info.substring(1);
    }
}
