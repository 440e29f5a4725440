package be.imio.platform.commune.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;


/**
 * What the engine answers instead of doing or reading what it was asked: an HTTP status (RFC 9110,
 * section 15: 400 for a request that can never succeed, 404 for an unknown module or version, 409
 * for a request the host's state refuses now, 503 when the journal cannot be read), a stable
 * {@linkplain #code() code} for programs ({@code "revoked"}, {@code "name_in_use"}...) and the
 * words for people as a {@linkplain #key() key} of the engine's texts
 * ({@code OSGI-INF/l10n/engine.properties}, {@code _en}, {@code _de}) with its
 * {@linkplain #arguments() arguments}. The words are chosen by whoever shows them, in the reader's
 * language: {@link #message(Locale)}.
 */
public class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String key;
    private final List<Object> arguments;
    private final List<String> candidates;

    /**
     * {@code arguments} fill the key's {@code {0}}, {@code {1}}...: a {@link Message} (a cause with
     * its own words) is shown in the same language, anything else is kept as text.
     */
    public Refusal(int status, String code, String key, Object... arguments) {
        this(status, code, key, List.of(), arguments);
    }

    /**
     * A refusal with the module references the request may have meant (a short name that
     * several groups release, code {@code ambiguous_module}), each {@code GROUP:ARTIFACT}.
     */
    public Refusal(int status, String code, String key, List<String> candidates, Object... arguments) {
        super(code);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.key = Objects.requireNonNull(key, "key");
        this.arguments = java.util.Arrays.stream(arguments).map(a -> a instanceof Message ? a : (Object) String.valueOf(a))
                .toList();
        this.candidates = List.copyOf(candidates);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String key() {
        return key;
    }

    /** Each a {@link Message} or a {@link String}. */
    public List<Object> arguments() {
        return arguments;
    }

    /** The module references the request may have meant; empty unless the name was ambiguous. */
    public List<String> candidates() {
        return candidates;
    }

    /** The words for people as a {@link Message}: {@link #key()} and {@link #arguments()}. */
    public Message asMessage() {
        return new Message(key, arguments);
    }

    /** The words for people in {@code language} (French, English or German; French for any other). */
    public String message(Locale language) {
        return asMessage().in(language);
    }

    /** French, then English: {@code "français / English"}, as logs and older clients read it. */
    @Override
    public String getMessage() {
        return asMessage().inFrenchThenEnglish();
    }
}
