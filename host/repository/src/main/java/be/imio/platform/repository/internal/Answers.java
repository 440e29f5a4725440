package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import be.imio.platform.repository.internal.maven.DirectOutput;
import be.imio.platform.repository.internal.maven.ImmutableFileCache;

/**
 * Sending immutable bytes: ETag, 304 when the client has them, HEAD without a body; small files
 * from memory in one write, large ones streamed from disk through a small buffer.
 */
public final class Answers {

    private Answers() {
    }

    public static void sendCached(HttpServletRequest request, HttpServletResponse response, ImmutableFileCache.Cached file,
            String contentType) throws IOException {
        if (notModified(request, response, file.etag(), contentType, file.bytes().length)) {
            return;
        }
        if (file.direct() == null || !DirectOutput.send(response.getOutputStream(), file.direct())) {
            response.getOutputStream().write(file.bytes());
        }
    }

    /**
     * Sends {@code file} ({@code length} bytes, named by {@code etag}) from disk: the memory it
     * takes does not grow with its size, whatever the number of parallel requests.
     */
    public static void sendFile(HttpServletRequest request, HttpServletResponse response, Path file, long length, String etag,
            String contentType) throws IOException {
        if (notModified(request, response, etag, contentType, length)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file)) {
            if (!DirectOutput.send(response.getOutputStream(), channel)) {
                Channels.newInputStream(channel).transferTo(response.getOutputStream());
            }
        }
    }

    /** Sets the headers; true when nothing more is to be sent (304, or a HEAD request). */
    private static boolean notModified(HttpServletRequest request, HttpServletResponse response, String etag,
            String contentType, long length) {
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return true;
        }
        response.setContentType(contentType);
        response.setContentLengthLong(length);
        return "HEAD".equals(request.getMethod());
    }
}
