package be.imio.platform.repository.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Sending immutable bytes: ETag, 304 when the client has them, one write otherwise. */
final class Answers {

    private Answers() {
    }

    static void sendCached(HttpServletRequest request, HttpServletResponse response, ImmutableFileCache.Cached file,
            String contentType) throws IOException {
        response.setHeader("ETag", file.etag());
        if (file.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        response.setContentType(contentType);
        response.setContentLength(file.bytes().length);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        if (!DirectOutput.send(response.getOutputStream(), file.direct())) {
            response.getOutputStream().write(file.bytes());
        }
    }
}
