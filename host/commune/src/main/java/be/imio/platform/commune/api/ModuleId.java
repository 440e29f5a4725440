package be.imio.platform.commune.api;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Who a module is: the Maven group it is released in and its artifact id. The artifact id alone
 * (the module's short name: its Karaf feature, its {@code /modules/NAME/} path, its
 * {@code imio.module} value) is what staff and URLs use, but two groups may release the same short
 * name, and a release of one group is never an update, a pin or a rollback of the other's module.
 * Written {@code GROUP:ARTIFACT}.
 */
public record ModuleId(String groupId, String name) implements Comparable<ModuleId> {

    /** A Maven group or artifact id as the host accepts it in paths, names and requests. */
    public static final String PART = "[A-Za-z0-9_.-]{1,200}";
    private static final Pattern PART_PATTERN = Pattern.compile(PART);
    /** A module reference in a request: a short name, or {@code GROUP:ARTIFACT}. */
    public static final String REFERENCE = PART + "(?::" + PART + ")?";

    private static final Comparator<ModuleId> ORDER = Comparator.comparing(ModuleId::name)
            .thenComparing(ModuleId::groupId);

    public ModuleId {
        if (groupId == null || name == null || !PART_PATTERN.matcher(groupId).matches()
                || !PART_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a module id: " + groupId + ":" + name);
        }
    }

    /** {@code GROUP:ARTIFACT} read from {@code reference}, or null when it names a short name only or nothing valid. */
    public static ModuleId parse(String reference) {
        if (reference == null || !reference.matches(REFERENCE) || reference.indexOf(':') < 0) {
            return null;
        }
        int colon = reference.indexOf(':');
        return new ModuleId(reference.substring(0, colon), reference.substring(colon + 1));
    }

    /** By short name, then group: modules of the same name side by side. */
    @Override
    public int compareTo(ModuleId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return groupId + ":" + name;
    }
}
