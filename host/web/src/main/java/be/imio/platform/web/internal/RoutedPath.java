package be.imio.platform.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path a request is routed on, and the refusal of every request whose raw path is not already
 * in normal form. Jetty routes on the path after removing dot segments (RFC 3986, section 5.2.4)
 * and decoding it, while {@code getRequestURI()} is the raw path: a decision taken on one and
 * routing done on the other disagree for {@code /console/static/../settings} or {@code %2e%2e}. So
 * each of the platform's HTTP contexts, and the default context's filter, first refuses (400) a
 * request whose raw path has a dot segment, an empty segment, a backslash, a path parameter
 * ({@code ;}), a control character, or a percent-encoded dot, slash, backslash, semicolon, percent
 * or control character, and then decides on {@link #of} only, which is exactly what routed it. A
 * query string that does not read as parameters (a broken escape, bytes that are not UTF-8) is
 * refused (400) at the same gate, before any page reads a parameter.
 */
final class RoutedPath {

    private static final Logger LOG = LoggerFactory.getLogger(RoutedPath.class);

    private RoutedPath() {
    }

    /**
     * The request's path inside its context as the container routed it (servlet path and path
     * info, decoded), or empty when the raw path is not in normal form or does not decode to it.
     */
    static Optional<String> of(HttpServletRequest request) {
        String raw = request.getRequestURI();
        if (raw == null || !normal(raw)) {
            return Optional.empty();
        }
        Optional<String> decoded = decode(raw);
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String routed = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        // "/console" routed as the context's root ("/") is the one shape where the two may differ.
        boolean root = routed.equals("/") && decoded.isPresent() && decoded.get().equals(context);
        if (decoded.isEmpty() || !decoded.get().equals(context + routed) && !root) {
            return Optional.empty();
        }
        return Optional.of(routed);
    }

    /**
     * Answers 400 {@code path_not_normalised} and returns empty when the raw path is not in normal
     * form, 403 {@code service_worker_refused} for a browser's fetch of a service worker script
     * (header {@code Service-Worker: script}); otherwise returns the routed path, inside the context.
     */
    static Optional<String> admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("Service-Worker") != null) {
            // A browser fetching a script to run as a service worker, which would then sit between
            // staff and every page under its scope. The platform registers none, and a module's
            // worker must never see the console's pages: no service worker script is served.
            LOG.warn("Refused {} of {} as a service worker script, from {}", request.getMethod(),
                    printable(request.getRequestURI()), ClientGate.address(request));
            SecurityHeaders.apply(response);
            Problems.send(request, response, 403, "service_worker_refused", "problem.service-worker");
            return Optional.empty();
        }
        Optional<String> routed = of(request);
        if (routed.isEmpty()) {
            LOG.warn("Refused {} of a path not in normal form from {}: {}", request.getMethod(),
                    ClientGate.address(request), printable(request.getRequestURI()));
            SecurityHeaders.apply(response);
            Problems.send(request, response, 400, "path_not_normalised", "problem.path-not-normalised");
        } else if (!readableQuery(request.getQueryString())) {
            // Jetty would fail only when a page first reads a parameter, as an error of the page.
            LOG.warn("Refused {} of {} with a query string that is not percent-encoded UTF-8, from {}",
                    request.getMethod(), printable(request.getRequestURI()), ClientGate.address(request));
            SecurityHeaders.apply(response);
            Problems.send(request, response, 400, "bad_query", "problem.bad-query");
            return Optional.empty();
        }
        return routed;
    }

    /**
     * True when {@code query} (raw, null for none) reads as parameters: every {@code %} followed by
     * two hexadecimal digits, and the bytes they make UTF-8 (RFC 3986, section 2.1; the form
     * encoding of the HTML standard, section 4.10.21.7).
     */
    static boolean readableQuery(String query) {
        if (query == null) {
            return true;
        }
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 3)) {
            if (i + 2 >= query.length() || hex(query.charAt(i + 1), query.charAt(i + 2)) < 0) {
                return false;
            }
        }
        return decode(query).isPresent();
    }

    /** True when {@code raw} (a request's raw path, without query) is already in normal form. */
    static boolean normal(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ';') {
                return false;
            }
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0 || value < 0x20 || value == 0x7f || value == '.' || value == '/' || value == '\\'
                        || value == ';' || value == '%') {
                    return false;
                }
                i += 2;
            }
        }
        // Segments: none empty (no "//") and none "." or "..". A trailing slash is allowed.
        String[] segments = raw.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1 || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decoding as UTF-8; empty for a byte sequence that is not UTF-8. */
    private static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int escape = raw.indexOf('%', i);
            int end = escape < 0 ? raw.length() : escape;
            byte[] plain = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (escape < 0) {
                break;
            }
            bytes.write(hex(raw.charAt(escape + 1), raw.charAt(escape + 2)));
            i = escape + 3;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** {@code raw} with control characters replaced and cut at 200 characters, for a log line. */
    static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        String clean = raw.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
