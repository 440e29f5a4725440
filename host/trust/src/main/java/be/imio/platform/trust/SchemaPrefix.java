package be.imio.platform.trust;

import java.util.Locale;

/**
 * The prefix of the tables a module's schema may touch, and when two modules' prefixes meet. A
 * component {@code courrier-mail} owns the tables {@code COURRIER_MAIL} and {@code COURRIER_MAIL_...}:
 * its name in upper case with {@code -} and {@code .} read as {@code _}, since SQL names have no
 * dashes. So {@code courrier-mail} and {@code courrier_mail} are the same prefix, and
 * {@code courrier} reaches every table of {@code courrier-mail}. Two names <em>overlap</em> when
 * their prefixes are equal or one extends the other with {@code _}: modules of different owners
 * must never overlap, or one could change the other's data. The repository refuses such a name at
 * release across groups; a host refuses to migrate such a schema next to another one.
 */
public final class SchemaPrefix {

    private SchemaPrefix() {
    }

    /** The table prefix of {@code name}: upper case, {@code -} and {@code .} as {@code _}. */
    public static String of(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * True when the tables of {@code a} and {@code b} may meet: equal prefixes, or one is the other
     * followed by {@code _} and more ({@code COURRIER} and {@code COURRIER_MAIL}).
     */
    public static boolean overlap(String a, String b) {
        String x = of(a);
        String y = of(b);
        return x.equals(y) || x.startsWith(y + "_") || y.startsWith(x + "_");
    }
}
