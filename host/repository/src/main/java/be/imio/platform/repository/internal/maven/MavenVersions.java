package be.imio.platform.repository.internal.maven;

import java.util.Comparator;
import java.util.Locale;

/**
 * The order of Maven versions as {@code maven-metadata.xml} lists them, oldest first: segments
 * split at {@code .} and {@code -}, numbers compared as numbers ({@code 1.10.0} after {@code 1.9.0}),
 * words as words; trailing zeros change nothing ({@code 1.0.0} is {@code 1.0}); a version that goes
 * on with a word is older than the same without it ({@code 1.0-rc1} before {@code 1.0}), one that
 * goes on with a number newer ({@code 1.0.1} after {@code 1.0}). A simplification of Maven's
 * {@code ComparableVersion} for release versions.
 */
public final class MavenVersions {

    /** Oldest first. */
    public static final Comparator<String> ORDER = MavenVersions::compare;

    private MavenVersions() {
    }

    static int compare(String a, String b) {
        String[] left = a.toLowerCase(Locale.ROOT).split("[.-]");
        String[] right = b.toLowerCase(Locale.ROOT).split("[.-]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            if (i >= left.length) {
                return -rest(right, i);
            }
            if (i >= right.length) {
                return rest(left, i);
            }
            int order = compareSegment(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /**
     * How a version that goes on with {@code segments} from {@code from} compares with the same
     * version ending there: trailing zeros change nothing ({@code 1.0.0} is {@code 1.0}), a number
     * makes it newer, a word (a qualifier) older.
     */
    private static int rest(String[] segments, int from) {
        for (int i = from; i < segments.length; i++) {
            if (!isNumber(segments[i])) {
                return -1;
            }
            if (new java.math.BigInteger(segments[i]).signum() != 0) {
                return 1;
            }
        }
        return 0;
    }

    private static int compareSegment(String a, String b) {
        boolean numberA = isNumber(a);
        boolean numberB = isNumber(b);
        if (numberA && numberB) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        if (numberA != numberB) {
            return numberA ? 1 : -1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
    }
}
