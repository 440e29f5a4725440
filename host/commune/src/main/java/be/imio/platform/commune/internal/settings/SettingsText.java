package be.imio.platform.commune.internal.settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the activity writes a change of settings, and how it remembers settings, without ever writing
 * a secret: a setting named like one (a password, a token, a secret, the host's credential) is
 * named, never shown; inside any other value, the user information of a URL
 * ({@code scheme://user:password@host}) and a {@code password=}, {@code token=} or {@code secret=}
 * parameter (JDBC URLs, query strings) are replaced by {@code ***}.
 */
public final class SettingsText {

    private static final Set<String> SECRETS = Set.of("hostToken");
    /** A URL's user information, up to the last {@code @} before its path. */
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s,]*@");
    /**
     * A secret given as a parameter: {@code ;password=x} (JDBC), {@code &token=x} (a query),
     * {@code password={a;b}} (ODBC braces), up to the next {@code ;} or {@code &}, spaces included.
     */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b([a-z._-]*(?:pass|pwd|secret|token|apikey|api_key|api-key|credential)[a-z._-]*)\\s*=\\s*"
                    + "(?:\\{[^}]*\\}|[^;&]*)");
    /** Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern SLASH_PASSWORD = Pattern.compile("(?i)(jdbc:[a-z0-9]+:[a-z0-9]*:?[^/@\\s:]+)/[^@\\s]*@");

    private SettingsText() {
    }

    /** Words that name a secret in a setting's key, whatever is around them. */
    private static final java.util.List<String> SECRET_WORDS = java.util.List.of("pass", "pwd", "secret", "token",
            "apikey", "api_key", "api-key", "credential", "authorization", "privatekey", "private_key", "private-key");

    /**
     * A setting whose value is never written: the host's credential, and any key naming a password,
     * a passphrase, a token, a secret, an API key, credentials or an {@code Authorization} header.
     */
    static boolean secret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRETS.contains(key) || SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** {@code value} with every secret it carries (a URL's user information, a secret parameter) as {@code ***}. */
    static String withoutSecrets(String value) {
        String shown = USER_INFO.matcher(value).replaceAll("$1***@");
        shown = SLASH_PASSWORD.matcher(shown).replaceAll("$1/***@");
        return SECRET_PARAMETER.matcher(shown).replaceAll("$1=***");
    }

    /**
     * What changed from {@code before} to {@code after}, as the console writes it: "field: old → new"
     * separated by "; ", keys in order; a secret is named, its values shown as {@code ***}.
     */
    static String changes(Map<String, String> before, Map<String, String> after) {
        StringBuilder text = new StringBuilder();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.getOrDefault(key, "");
            String now = after.getOrDefault(key, "");
            if (!old.equals(now)) {
                text.append(text.length() == 0 ? "" : "; ").append(key).append(": ")
                        // A secret changed reads alike in every language: "***", as a secret is masked elsewhere.
                        .append(secret(key) ? "*** → ***"
                                : withoutSecrets(old) + " → " + withoutSecrets(now));
            }
        }
        return text.toString();
    }

    /**
     * {@code settings} as remembered on disk: a secret's value replaced by its SHA-256, a value that
     * carries a secret by the value without it and the start of its SHA-256, so that a change of
     * the secret alone still shows.
     */
    static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((key, value) -> {
            String shown = withoutSecrets(value);
            masked.put(key, secret(key) ? digest(value) : shown.equals(value) ? value
                    : shown + " (SHA-256 " + digest(value).substring(0, 16) + ")");
        });
        return masked;
    }

    /** The SHA-256 of {@code value}'s UTF-8 bytes, in hex. */
    static String digest(String value) {
        return digest(value.getBytes(StandardCharsets.UTF_8));
    }

    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
