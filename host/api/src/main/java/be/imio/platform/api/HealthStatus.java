package be.imio.platform.api;

import java.util.Objects;

/**
 * The verdict of one {@link HealthCheck}: a state and a short message for people, in French
 * first (commune staff read it on the console).
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

    private HealthStatus(State state, String message) {
        this.state = Objects.requireNonNull(state, "state");
        this.message = message == null ? "" : message;
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

    public String message() {
        return message;
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
