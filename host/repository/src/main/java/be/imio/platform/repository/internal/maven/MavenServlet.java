package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.web.Languages;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.repository.internal.Answers;
import be.imio.platform.repository.internal.RepositoryTexts;

import be.imio.platform.repository.internal.release.Staging;

/**
 * {@code /repository/maven/*}: the repository in the Maven layout. {@code mvn deploy} PUTs here
 * (the context lets in only publishers); Maven and Karaf GET released files, their checksums and
 * a {@code maven-metadata.xml} the repository writes from its releases. Small released files are
 * answered from memory; large ones are streamed from disk, so parallel downloads of the largest
 * release take a few buffers, not copies of it. Checksums are computed when a file is released,
 * never per request ({@link FileChecksums}).
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.PUBLISH + ")"))
@HttpWhiteboardServletName("imio.repository.maven")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.PUBLISH + ")")
public final class MavenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MavenServlet.class);

    private final transient ReleaseDesk desk;
    /** Memory for small released files (heap and direct copies together): bounded, whatever is released. */
    static final long CACHE_BYTES = 32L * 1024 * 1024;

    private final transient ImmutableFileCache released = new ImmutableFileCache(CACHE_BYTES);

    /** The SDK for module developers, served beside the releases (see {@link SdkArtifacts}). */
    private final transient SdkArtifacts sdk;
    /** The archetype catalogue at the repository's root, which {@code mvn archetype:generate} reads. */
    static final String CATALOG = "archetype-catalog.xml";

    @Activate
    public MavenServlet(@Reference ReleaseDesk desk, org.osgi.framework.BundleContext context) {
        this.desk = desk;
        this.sdk = new SdkArtifacts(Path.of(context.getProperty("karaf.home"), "sdk"));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        try {
            ReleaseDesk.Outcome outcome = desk.upload(path, request.getInputStream(), request.getContentLengthLong(),
                    request.getRemoteUser(), (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            if (outcome == ReleaseDesk.Outcome.RELEASED) {
                try {
                    recordChecksums(path);
                } catch (IOException e) {
                    // Released all the same: the checksums are computed on the first request instead.
                    LOG.warn("Could not record the checksums of {}: {}", path, e.getMessage());
                }
            }
            if (outcome == ReleaseDesk.Outcome.PENDING) {
                // 202: Maven takes it as sent; the file is released when what it waits for is.
                Message pending = RepositoryTexts.message("release.pending");
                JsonAnswers.send(response, 202, Json.object().put("status", "pending")
                        .put("message", Languages.words(request, pending::in))
                        .put("message_en", pending.in(Texts.ENGLISH)));
                return;
            }
            response.setStatus(outcome == ReleaseDesk.Outcome.RELEASED ? 201 : 200);
        } catch (ReleaseRefused refused) {
            sendRefused(request, response, refused);
        } catch (IOException e) {
            // Nothing was released: the rows and the signing are one transaction (ReleaseDesk).
            if (Staging.diskFull(e)) {
                LOG.error("Release of {} refused, the disk is full: {}", path, e.getMessage());
                sendRefused(request, response, Staging.storageFull(usableSpace()));
            } else if (!response.isCommitted()) {
                LOG.error("Release of {} failed: {}", path, e.getMessage(), e);
                sendRefused(request, response, new ReleaseRefused(500, "release_failed", "release.failed"));
            }
        }
    }

    private long usableSpace() {
        try {
            return desk.staging().space().usable();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Answers {@code refused} as every JSON refusal of the repository: Maven prints the reason
     * phrase of a refused upload ({@code code: English}), never its body.
     */
    private static void sendRefused(HttpServletRequest request, HttpServletResponse response, ReleaseRefused refused)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        RepositoryTexts.refuse(request, response, refused.status(), refused.code(), refused.reason());
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
        if (path.equals(CATALOG) || path.startsWith(CATALOG + ".") && Checksums.algorithmOf(path) != null) {
            Optional<String> catalog = sdk.archetypeCatalog();
            if (catalog.isEmpty()) {
                response.sendError(404);
            } else {
                sendMetadata(path, catalog.get().getBytes(StandardCharsets.UTF_8), response);
            }
            return;
        }
        Path file = desk.files().resolve(path);
        BasicFileAttributes attributes = attributesOf(file);
        String algorithm = Checksums.algorithmOf(path);
        if (attributes != null && attributes.isRegularFile()) {
            sendReleased(request, response, path, file, attributes.size());
            return;
        }
        Optional<Path> sdkFile = sdk.file(path);
        if (sdkFile.isPresent()) {
            // The same name may hold other bytes in the next distribution: revalidated, never immutable.
            response.setHeader("Cache-Control", "no-cache");
            Answers.sendFile(request, response, sdkFile.get(), Files.size(sdkFile.get()),
                    "\"" + sdk.checksums(sdkFile.get()).get("sha256") + "\"", contentType(path));
            return;
        }
        String checked = algorithm == null ? null : path.substring(0, path.lastIndexOf('.'));
        Map<String, String> sums = checked == null ? null : FileChecksums.of(desk.files().resolve(checked));
        if (sums == null && checked != null && sdk.file(checked).isPresent()) {
            sums = sdk.checksums(sdk.file(checked).get());
        }
        if (sums != null) {
            sendText(response, sums.get(algorithm));
        } else {
            response.sendError(404);
        }
    }

    private static String contentType(String path) {
        return path.endsWith(".xml") || path.endsWith(".pom") ? "application/xml"
                : path.endsWith(".asc") ? "application/pgp-signature" : "application/java-archive";
    }

    /** A released file never changes: cached bytes, or the file itself, are always the right ones. */
    private void sendReleased(HttpServletRequest request, HttpServletResponse response, String path, Path file,
            long length) throws IOException {
        String type = contentType(path);
        if (released.keeps(length)) {
            ImmutableFileCache.Cached cached = released.get(file);
            if (cached != null) {
                response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
                Answers.sendCached(request, response, cached, type);
                return;
            }
        } else {
            Map<String, String> sums = FileChecksums.of(file);
            if (sums != null) {
                response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
                // The same ETag as a cached file's: its SHA-256, the one pinned in targets metadata.
                Answers.sendFile(request, response, file, length, "\"" + sums.get("sha256") + "\"", type);
                return;
            }
        }
        response.sendError(404);
    }

    /**
     * Computes the checksums of what an upload released, while the publisher waits for its answer:
     * the file itself and, for a .kar, every artifact it carried (released at the same instant).
     * A file that misses them still gets them on its first request.
     */
    private void recordChecksums(String path) throws IOException {
        FileChecksums.record(desk.files().resolve(path));
        if (!path.endsWith(".kar")) {
            return;
        }
        try {
            List<Release> all = desk.ledger().all();
            Release kar = all.stream().filter(r -> r.path().equals(path)).findFirst().orElse(null);
            if (kar == null) {
                return;
            }
            for (Release carried : all) {
                if (!carried.path().equals(path) && carried.releasedAt().equals(kar.releasedAt())
                        && carried.releasedBy().equals(kar.releasedBy())) {
                    FileChecksums.record(desk.files().resolve(carried.path()));
                }
            }
        } catch (SQLException e) {
            // Released all the same; each carried file gets its checksums on its first request.
        }
    }

    private static BasicFileAttributes attributesOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
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
            Optional<String> fromSdk = sdk.metadata(folder);
            if (fromSdk.isEmpty()) {
                response.sendError(404);
            } else {
                sendMetadata(path, fromSdk.get().getBytes(StandardCharsets.UTF_8), response);
            }
            return;
        }
        // The versions that hold something (a jar, .kar, features XML or pom), in Maven's order.
        List<String> versions = releases.stream().filter(r -> !r.isCompanion()).map(Release::version).distinct()
                .sorted(MavenVersions.ORDER).toList();
        if (versions.isEmpty()) {
            response.sendError(404);
            return;
        }
        String latest = versions.get(versions.size() - 1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(groupId).append("</groupId>\n")
                .append("  <artifactId>").append(artifactId).append("</artifactId>\n")
                .append("  <versioning>\n    <latest>").append(latest).append("</latest>\n    <release>").append(latest)
                .append("</release>\n    <versions>\n");
        versions.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        sendMetadata(path, xml.toString().getBytes(StandardCharsets.UTF_8), response);
    }

    /** Metadata made on request, or its checksum when {@code path} asks for one; revalidated at each use. */
    private static void sendMetadata(String path, byte[] bytes, HttpServletResponse response) throws IOException {
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
