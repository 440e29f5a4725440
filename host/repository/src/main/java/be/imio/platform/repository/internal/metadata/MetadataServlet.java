package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.repository.internal.maven.ImmutableFileCache;
import be.imio.platform.repository.internal.Answers;


/**
 * {@code GET /repository/metadata/<name>.json}: the signed metadata, public. Answers carry an
 * ETag (the file's SHA-256) so that hosts polling the timestamp get a 304 while nothing changed.
 * Versioned documents never change and may be cached for a year by any mirror; the unversioned
 * names may change at any time and must be checked again.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardServletName("imio.repository.metadata")
@HttpWhiteboardServletPattern("/repository/metadata/*")
public final class MetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A top-level role's document, the repository's releases role or a publisher's role ({@code publisher-ACCOUNT}), with or without its version. */
    private static final Pattern NAME = Pattern.compile(
            "/((\\d{1,18})\\.)?(root|targets|snapshot|timestamp|releases|publisher-[a-z0-9][a-z0-9-]{1,62})\\.json");

    private final transient MetadataPublisher publisher;

    @Activate
    public MetadataServlet(@Reference MetadataPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo();
        var match = NAME.matcher(name);
        ImmutableFileCache.Cached file = match.matches()
                ? publisher.store().read(name.substring(1), match.group(2) != null) : null;
        if (file == null) {
            response.sendError(404);
            return;
        }
        response.setHeader("Cache-Control", match.group(2) != null
                ? "public, max-age=31536000, immutable" : "no-cache");
        Answers.sendCached(request, response, file, "application/json");
    }
}
