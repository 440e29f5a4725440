package be.imio.platform.repository.internal.fleet;

/**
 * How iMio files a host it registers: its id, kind, group (optional) and name people read
 * (optional), as the API, the shell and the console take them, checked in one place.
 */
public record HostFiling(String id, HostKind kind, String group, String label) {

    /** Why a filing is refused: the API's code and the text's key. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        Refused(String code, String key) {
            super(key);
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** The key of the refusal's words in the repository's texts. */
        public String key() {
            return getMessage();
        }
    }

    /**
     * The filing of {@code id} with the kind {@code kind} ({@code other} when blank), {@code group}
     * and {@code label} (blank for none).
     *
     * @throws Refused the first problem found
     */
    public static HostFiling of(String id, String kind, String group, String label) throws Refused {
        if (id == null || !HostRegistry.HOST_ID.matcher(id).matches()) {
            throw new Refused("bad_host_id", "problem.bad-host-id");
        }
        String kindId = kind == null || kind.isBlank() ? HostKind.OTHER.id() : kind.strip();
        HostKind parsed = HostKind.fromId(kindId).orElse(null);
        if (parsed == null) {
            throw new Refused("bad_host_kind", "problem.bad-host-kind");
        }
        String groupId = group == null ? "" : group.strip();
        if (!groupId.isEmpty() && !HostRegistry.GROUP.matcher(groupId).matches()) {
            throw new Refused("bad_host_group", "problem.bad-host-group");
        }
        String name = label == null ? "" : label.strip();
        if (name.length() > HostRegistry.MAX_LABEL || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new Refused("bad_host_label", "problem.bad-host-label");
        }
        return new HostFiling(id, parsed, groupId.isEmpty() ? null : groupId, name.isEmpty() ? null : name);
    }
}
