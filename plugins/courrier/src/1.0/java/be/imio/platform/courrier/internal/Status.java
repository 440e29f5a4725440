package be.imio.platform.courrier.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Where a letter stands: registered, assigned to a service, being dealt with, closed. The French
 * and English words are what clients may send; what people read is the text {@link #key()}.
 */
enum Status {
    REGISTERED("enregistre", "enregistré", "registered"),
    ASSIGNED("attribue", "attribué", "assigned"),
    IN_PROGRESS("en_traitement", "en traitement", "in progress"),
    CLOSED("cloture", "clôturé", "closed");

    private final String id;
    private final String french;
    private final String english;

    Status(String id, String french, String english) {
        this.id = id;
        this.french = french;
        this.english = english;
    }

    String id() {
        return id;
    }

    /** The key of the status's name in the register's texts. */
    String key() {
        return "status." + id;
    }

    /** The statuses a letter may move to from this one: forward only, and closing at any time. */
    Set<Status> next() {
        return switch (this) {
            case REGISTERED -> Set.of(ASSIGNED, IN_PROGRESS, CLOSED);
            case ASSIGNED -> Set.of(IN_PROGRESS, CLOSED);
            case IN_PROGRESS -> Set.of(CLOSED);
            case CLOSED -> Set.of();
        };
    }

    static Status parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Status status : values()) {
            if (status.id.equals(value) || status.french.equals(value) || status.english.equals(value)) {
                return status;
            }
        }
        return null;
    }
}
