package be.imio.platform.conseil.internal;

import java.util.ArrayList;
import java.util.List;

/** The order of a meeting's agenda. */
final class Agenda {

    private Agenda() {
    }

    /**
     * The agenda's item ids once {@code item} is moved to {@code position} (1 = first; past the
     * end = last), the others keeping their relative order.
     */
    static List<Long> moved(List<Long> order, long item, int position) {
        List<Long> result = new ArrayList<>(order);
        if (!result.remove(Long.valueOf(item))) {
            throw new IllegalArgumentException("item " + item + " is not on this agenda");
        }
        result.add(Math.max(0, Math.min(position, result.size() + 1) - 1), item);
        return result;
    }
}
