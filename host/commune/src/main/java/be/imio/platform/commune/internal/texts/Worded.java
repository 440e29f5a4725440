package be.imio.platform.commune.internal.texts;

/**
 * A failure that carries its words for staff as a {@link Bilingual} (a module found unhealthy,
 * module code interrupted): the operation's reason quotes them as they are, in each language.
 */
public interface Worded {

    /** Why, for staff. */
    Bilingual words();
}
