package be.imio.platform.salles.internal;

/** A room the commune lends: its name, how many people it holds, where it is. */
record Room(long id, String name, int capacity, String location) {
}
