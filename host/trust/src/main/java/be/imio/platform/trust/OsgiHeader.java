package be.imio.platform.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OSGi manifest header as the framework does (OSGi Core, 3.2.4 "Common Header Syntax"):
 * clauses separated by commas, each one or more paths separated by semicolons, then attributes
 * ({@code name=value}) and directives ({@code name:=value}); a value may be a quoted string, in
 * which commas, semicolons and backslash escapes are text. What does not follow this syntax is
 * refused rather than guessed, so that a check never reads a header otherwise than Felix does.
 * Shared by the repository (at release) and hosts (before installing).
 */
public final class OsgiHeader {

    /** One clause: its paths (package or bundle names, a capability's namespace) and parameters. */
    public record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {
    }

    /** The header cannot be read. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final String text;
    private int at;

    private OsgiHeader(String text) {
        this.text = text;
    }

    /** The clauses of {@code header}; none when it is null or blank. */
    public static List<Clause> parse(String header) throws Malformed {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        OsgiHeader reader = new OsgiHeader(header);
        while (true) {
            clauses.add(reader.clause());
            if (reader.at >= reader.text.length()) {
                return clauses;
            }
            reader.at++; // the comma
        }
    }

    private Clause clause() throws Malformed {
        List<String> paths = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        while (true) {
            String token = token();
            skipSpaces();
            char next = at < text.length() ? text.charAt(at) : ',';
            if (next == '=' || next == ':') {
                boolean directive = next == ':' && at + 1 < text.length() && text.charAt(at + 1) == '=';
                if (next == ':' && !directive) {
                    // A typed attribute, name:Type=value (List<String>, Version, Long...).
                    int equals = text.indexOf('=', at);
                    if (equals < 0 || text.substring(at + 1, equals).matches(".*[,;\"].*")) {
                        throw new Malformed("':' without '=' after " + token);
                    }
                    at = equals + 1;
                } else {
                    at += directive ? 2 : 1;
                }
                if (token.isEmpty()) {
                    throw new Malformed("a parameter without a name");
                }
                String value = value();
                Map<String, String> into = directive ? directives : attributes;
                if (into.putIfAbsent(token, value) != null) {
                    throw new Malformed("parameter " + token + " given twice");
                }
            } else {
                if (token.isEmpty() || !attributes.isEmpty() || !directives.isEmpty()) {
                    throw new Malformed("an empty name, or a name after parameters: '" + token + "'");
                }
                paths.add(token);
            }
            skipSpaces();
            if (at >= text.length() || text.charAt(at) == ',') {
                if (paths.isEmpty()) {
                    throw new Malformed("a clause without a name");
                }
                return new Clause(paths, attributes, directives);
            }
            if (text.charAt(at) != ';') {
                throw new Malformed("unexpected '" + text.charAt(at) + "'");
            }
            at++;
        }
    }

    /** A name: anything up to a separator, without quotes. */
    private String token() throws Malformed {
        skipSpaces();
        int start = at;
        while (at < text.length() && ",;=:".indexOf(text.charAt(at)) < 0) {
            if (text.charAt(at) == '"') {
                throw new Malformed("a quote in a name");
            }
            at++;
        }
        return text.substring(start, at).strip();
    }

    private String value() throws Malformed {
        skipSpaces();
        if (at < text.length() && text.charAt(at) == '"') {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < text.length() && text.charAt(at) != '"') {
                if (text.charAt(at) == '\\') {
                    at++;
                    if (at >= text.length()) {
                        break;
                    }
                }
                value.append(text.charAt(at++));
            }
            if (at >= text.length()) {
                throw new Malformed("an unclosed quoted string");
            }
            at++;
            return value.toString();
        }
        int start = at;
        while (at < text.length() && ",;".indexOf(text.charAt(at)) < 0) {
            if (text.charAt(at) == '"') {
                throw new Malformed("a quote inside an unquoted value");
            }
            at++;
        }
        return text.substring(start, at).strip();
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
