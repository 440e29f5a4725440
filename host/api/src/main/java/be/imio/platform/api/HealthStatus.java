package be.imio.platform.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The verdict of one {@link HealthCheck}: a state and a short message for people. Given as a
 * {@link Message} (since 1.6), the message is in each language the platform speaks
 * ({@link #message(Locale)}); given as a string, it is that string in every language. Either way
 * {@link #message()} is French, what commune staff read first.
 */
public final class HealthStatus {

    /** How well the checked part works. */
    public enum State {
        /** Works as intended. */
        UP,
        /** Works, with a problem someone should look at. */
        DEGRADED,
        /** Does not work; an update that leads here is rolled back. */
        DOWN
    }

    private final State state;
    private final String message;
    private final Message words;

    private HealthStatus(State state, String message) {
        this.state = Objects.requireNonNull(state, "state");
        this.message = message == null ? "" : message;
        this.words = null;
    }

    private HealthStatus(State state, Message words) {
        this.state = Objects.requireNonNull(state, "state");
        this.words = Objects.requireNonNull(words, "message");
        this.message = words.in(Texts.FRENCH);
    }

    /**
     * {@code state} with {@code message}, put into each reader's language:
     * {@code HealthStatus.of(State.UP, texts.message("health.up", count))}.
     *
     * @since 1.6
     */
    public static HealthStatus of(State state, Message message) {
        return new HealthStatus(state, message);
    }

    public static HealthStatus up(String message) {
        return new HealthStatus(State.UP, message);
    }

    public static HealthStatus degraded(String message) {
        return new HealthStatus(State.DEGRADED, message);
    }

    public static HealthStatus down(String message) {
        return new HealthStatus(State.DOWN, message);
    }

    public State state() {
        return state;
    }

    /** The message in French. */
    public String message() {
        return message;
    }

    /**
     * The message in {@code language}; a message given as a string is the same in every language.
     *
     * @since 1.6
     */
    public String message(Locale language) {
        return words == null ? message : words.in(language);
    }

    /** The worse of two verdicts, so that a list of checks folds into one. */
    public HealthStatus worst(HealthStatus other) {
        return other.state.compareTo(state) > 0 ? other : this;
    }

    @Override
    public String toString() {
        return state + (message.isEmpty() ? "" : ": " + message);
    }
}
