package be.imio.platform.api.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One method on one path pattern, and its {@link Handler}. A pattern is matched segment by segment
 * against the path after the module's name ({@code getPathInfo()}, {@code /} at the module's root):
 * a literal segment matches itself, {@code {name}} any one non-empty segment, {@code {name:regex}}
 * a segment that {@code regex} matches whole; the segment is then the call's {@link Call#path(String)
 * path parameter} {@code name}. A trailing slash counts: {@code /public} and {@code /public/} are
 * two patterns. Immutable.
 */
public final class Route {

    private final String method;
    private final String pattern;
    private final Handler handler;
    private final List<Segment> segments;
    private final String listedAs;

    private record Segment(String literal, String name, Pattern regex) {
        boolean matches(String part) {
            return literal != null ? literal.equals(part) : !part.isEmpty() && regex.matcher(part).matches();
        }
    }

    private Route(String method, String pattern, Handler handler) {
        this(method, pattern, handler, null);
    }

    private Route(String method, String pattern, Handler handler, String listedAs) {
        this.listedAs = listedAs;
        this.method = method.toUpperCase(Locale.ROOT);
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route's pattern starts with /: " + pattern);
        }
        this.segments = java.util.Arrays.stream(pattern.substring(1).split("/", -1)).map(Route::segment).toList();
    }

    private static Segment segment(String part) {
        if (!part.startsWith("{") || !part.endsWith("}")) {
            return new Segment(part, null, null);
        }
        String inside = part.substring(1, part.length() - 1);
        int colon = inside.indexOf(':');
        return colon < 0 ? new Segment(null, inside, Pattern.compile("[^/]+"))
                : new Segment(null, inside.substring(0, colon), Pattern.compile(inside.substring(colon + 1)));
    }

    /** {@code method} requests on {@code pattern} answered by {@code handler}. */
    public static Route of(String method, String pattern, Handler handler) {
        return new Route(method, pattern, handler);
    }

    /** GET (and HEAD) requests on {@code pattern}. */
    public static Route get(String pattern, Handler handler) {
        return of("GET", pattern, handler);
    }

    /** POST requests on {@code pattern}. */
    public static Route post(String pattern, Handler handler) {
        return of("POST", pattern, handler);
    }

    /**
     * This route, listed in the module's navigation under the module's text {@code textKey}: the
     * platform's frame shows it below the module's entry ({@link PageFrame}). Only a GET route
     * without path parameters can be listed: a link needs one address.
     *
     * @throws IllegalArgumentException for another method or a pattern with a parameter
     * @since 1.1
     */
    public Route listed(String textKey) {
        if (!"GET".equals(method) || segments.stream().anyMatch(s -> s.literal() == null)) {
            throw new IllegalArgumentException("only a GET route without parameters is listed: " + this);
        }
        return new Route(method, pattern, handler, Objects.requireNonNull(textKey, "textKey"));
    }

    /**
     * The key of the route's text in the module's navigation; null when it is not listed.
     *
     * @since 1.1
     */
    public String listedAs() {
        return listedAs;
    }

    public String method() {
        return method;
    }

    public String pattern() {
        return pattern;
    }

    Handler handler() {
        return handler;
    }

    /** The path parameters when {@code path} matches the pattern; null otherwise. */
    Map<String, String> match(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            Segment segment = segments.get(i);
            if (!segment.matches(parts[i])) {
                return null;
            }
            if (segment.name() != null) {
                parameters.put(segment.name(), parts[i]);
            }
        }
        return parameters;
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
