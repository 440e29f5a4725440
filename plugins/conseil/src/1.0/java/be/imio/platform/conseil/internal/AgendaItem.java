package be.imio.platform.conseil.internal;

import java.time.Instant;

/** One point of a meeting's agenda, in its place, public or behind closed doors, with its decision once taken. */
record AgendaItem(long id, int position, String title, boolean isPublic, String decision, String decidedBy,
        Instant decidedAt) {
}
