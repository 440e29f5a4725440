package be.imio.platform.courrier.internal;

import java.util.Locale;

/** Whether the commune received the letter or sent it. */
enum Direction {
    INCOMING("entrant", "incoming"), OUTGOING("sortant", "outgoing");

    private final String french;
    private final String english;

    Direction(String french, String english) {
        this.french = french;
        this.english = english;
    }

    String id() {
        return french;
    }

    /** Reads {@code entrant}/{@code sortant} (or the English words); null when it is neither. */
    static Direction parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Direction direction : values()) {
            if (direction.french.equals(value) || direction.english.equals(value)) {
                return direction;
            }
        }
        return null;
    }
}
