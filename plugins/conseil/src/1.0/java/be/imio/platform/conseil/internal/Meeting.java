package be.imio.platform.conseil.internal;

import java.time.LocalDateTime;
import java.util.List;

/** A council meeting: when and where, and its agenda in order. */
record Meeting(long id, String title, LocalDateTime heldAt, String place, List<AgendaItem> agenda) {
}
