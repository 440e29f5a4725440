package be.imio.platform.commune.internal.lifecycle;

import java.util.LinkedHashSet;
import java.util.Set;

import be.imio.platform.commune.internal.texts.Worded;

/** Why something failed, in the words of the failure and of its causes, each said once. */
final class FailureReasons {

    private FailureReasons() {
    }

    /** The messages of a failure and of what caused it (Karaf gathers start errors as suppressed ones). */
    static String of(Throwable e) {
        LinkedHashSet<String> messages = new LinkedHashSet<>();
        collect(e, messages, 0);
        return !messages.isEmpty() ? String.join(" : ", messages) : e instanceof Worded ? null : e.getClass().getSimpleName();
    }

    private static void collect(Throwable e, Set<String> messages, int depth) {
        if (e == null || depth > 8) {
            return;
        }
        // The host's own words are the operation's reason already, in the reader's language: only
        // what lies behind them is detail.
        String said = e instanceof Worded worded ? worded.technical() : e.getMessage();
        if (said != null && !said.isBlank()) {
            String message = said.strip().replaceAll("\\s+", " ");
            // A wrapper's message often is its cause's toString(): keep the cause's words once.
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.removeIf(message::contains);
                messages.add(message);
            }
        }
        for (Throwable suppressed : e.getSuppressed()) {
            collect(suppressed, messages, depth + 1);
        }
        if (e.getCause() != e) {
            collect(e.getCause(), messages, depth + 1);
        }
    }
}
