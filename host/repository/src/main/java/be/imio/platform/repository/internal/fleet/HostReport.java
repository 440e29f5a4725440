package be.imio.platform.repository.internal.fleet;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one host says it runs, as the repository keeps it: only the fields below, each checked and
 * bounded, so that a report is never more than a few tens of kilobytes and the fleet view never
 * meets a shape it does not know. Fields a host sends beyond these (a newer host) are dropped.
 *
 * <pre>{@code
 * {"host": "namur", "generatedAt": "2026-12-01T10:00:00Z", "platformVersion": "0.1.0",
 *  "syncSource": "https://depot.imio.be", "lastSync": "...", "offlineSince": null, "targetsVersion": 12,
 *  "health": "UP", "modules": [{"name": "courrier", "groupId": "be.imio.solutions", "version": "1.0.0",
 *  "enabled": true, "health": "UP", "reason": "..."}],
 *  "failedReleases": [{"name": "courrier", "groupId": "be.imio.solutions", "version": "1.1.0",
 *  "kind": "rolled_back", "at": "...", "reason": "..."}],
 *  "deferrals": [{"name": "courrier", "groupId": "be.imio.solutions", "version": "1.0.1",
 *  "requiredBy": "...", "until": "...", "reason": "...", "by": "admin", "at": "..."}]}
 * }</pre>
 *
 * {@code deferrals} are the mandatory updates the host's administrators deferred, still pending there.
 *
 * {@code host}, when present, must be the host that logs in: a host reports for itself only.
 */
public record HostReport(Instant generatedAt, String platformVersion, String syncSource, Instant lastSync,
        Instant offlineSince, long targetsVersion, String health, List<Module> modules, List<Failure> failedReleases,
        List<Deferral> deferrals) {

    /**
     * A mandatory update of module {@code name} to {@code version}, required by {@code requiredBy}
     * (the deadline it answers; null from a host that does not say), deferred on the host until
     * {@code until}.
     */
    public record Deferral(String name, String groupId, String version, Instant requiredBy, Instant until, String reason,
            String by, Instant at) {
    }

    /** The health states a host reports, worst last, as {@code HealthStatus.State} names them. */
    public static final List<String> HEALTH = List.of("UP", "DEGRADED", "DOWN");
    static final int MAX_MODULES = 200;
    static final int MAX_FAILURES = 50;
    static final int MAX_REASON = 500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern KIND = Pattern.compile("rolled_back|not_installed");

    /** One module on the host: its version and health, and why when it is not UP. */
    public record Module(String name, String groupId, String version, boolean enabled, String health, String reason) {
    }

    /**
     * A release that failed on the host: {@code rolledBack} when it was installed and rolled back
     * (else its install failed before anything changed; unknown from hosts before this field:
     * counted as rolled back), when by the host's clock ({@code at}) and by the repository's
     * ({@code seenAt}: when a report first carried it; null in a report as received), and why.
     */
    public record Failure(String name, String groupId, String version, boolean rolledBack, Instant at, String reason,
            Instant seenAt) {

        /** True for a failure of {@code groupId:name:version}; a failure that names no group matches any. */
        public boolean of(String groupId, String name, String version) {
            return this.name.equals(name) && this.version.equals(version)
                    && (this.groupId == null || groupId == null || this.groupId.equals(groupId));
        }

        /** When it happened, by the repository's clock when known: a host's clock may be wrong. */
        public Instant when() {
            return seenAt != null ? seenAt : at;
        }

        Failure seen(Instant when) {
            return new Failure(name, groupId, version, rolledBack, at, reason, when);
        }

        boolean same(Failure other) {
            return name.equals(other.name) && java.util.Objects.equals(groupId, other.groupId)
                    && version.equals(other.version) && java.util.Objects.equals(at, other.at);
        }
    }

    /** A report that cannot be kept: which field, in English (the field names are the API's). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field) {
            super(field);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Thrown when the report names another host than the one that logged in. */
    public static final class OtherHost extends Exception {
        private static final long serialVersionUID = 1L;

        OtherHost(String named) {
            super(named);
        }
    }

    /** The enabled modules that are not UP. */
    public List<Module> unhealthy() {
        return modules.stream().filter(module -> module.enabled() && !"UP".equals(module.health())).toList();
    }

    /** The enabled module {@code name} of {@code groupId} (a module that names no group counts as any group's), or null. */
    public Module runs(String groupId, String name) {
        for (Module module : modules) {
            if (module.enabled() && module.name().equals(name)
                    && (module.groupId() == null || groupId == null || module.groupId().equals(groupId))) {
                return module;
            }
        }
        return null;
    }

    /**
     * This report as kept: each failure with the time the repository first saw it, from
     * {@code previous} (the host's report kept before, or null) when it carried it already, else
     * {@code now}.
     */
    public HostReport seen(HostReport previous, Instant now) {
        List<Failure> failures = new ArrayList<>();
        for (Failure failure : failedReleases) {
            Failure known = previous == null ? null : previous.failedReleases.stream().filter(failure::same)
                    .findFirst().orElse(null);
            failures.add(failure.seen(known != null && known.seenAt() != null ? known.seenAt() : now));
        }
        return new HostReport(generatedAt, platformVersion, syncSource, lastSync, offlineSince, targetsVersion, health,
                modules, List.copyOf(failures), deferrals);
    }

    /** The enabled modules by name. */
    public Map<String, Module> running() {
        Map<String, Module> running = new LinkedHashMap<>();
        for (Module module : modules) {
            if (module.enabled()) {
                running.put(module.name(), module);
            }
        }
        return running;
    }

    /**
     * Reads {@code report}, sent by {@code hostId}.
     *
     * @throws Invalid a field that is missing where required, of the wrong type, out of bounds
     * @throws OtherHost the report names another host
     */
    public static HostReport read(JsonNode report, String hostId) throws Invalid, OtherHost {
        return read(report, hostId, false);
    }

    /** Reads a report as the repository kept it, with the times it first saw each failure. */
    public static HostReport readKept(JsonNode report, String hostId) throws Invalid, OtherHost {
        return read(report, hostId, true);
    }

    private static HostReport read(JsonNode report, String hostId, boolean kept) throws Invalid, OtherHost {
        if (report == null || !report.isObject()) {
            throw new Invalid("report");
        }
        JsonNode host = report.path("host");
        if (!host.isMissingNode() && !host.isNull() && !hostId.equals(host.asText())) {
            throw new OtherHost(host.asText());
        }
        JsonNode modulesNode = report.path("modules");
        if (!modulesNode.isMissingNode() && !modulesNode.isArray() || modulesNode.size() > MAX_MODULES) {
            throw new Invalid("modules");
        }
        List<Module> modules = new ArrayList<>();
        for (JsonNode module : modulesNode) {
            modules.add(new Module(required(module, "name", NAME, "modules[].name"),
                    optional(module, "groupId", NAME, "modules[].groupId"),
                    required(module, "version", VERSION, "modules[].version"),
                    module.path("enabled").asBoolean(true), health(module.path("health"), "modules[].health"),
                    reason(module.path("reason"), "modules[].reason")));
        }
        JsonNode failuresNode = report.path("failedReleases");
        if (!failuresNode.isMissingNode() && !failuresNode.isArray() || failuresNode.size() > MAX_FAILURES) {
            throw new Invalid("failedReleases");
        }
        List<Failure> failures = new ArrayList<>();
        for (JsonNode failure : failuresNode) {
            String kind = optional(failure, "kind", KIND, "failedReleases[].kind");
            failures.add(new Failure(required(failure, "name", NAME, "failedReleases[].name"),
                    optional(failure, "groupId", NAME, "failedReleases[].groupId"),
                    required(failure, "version", VERSION, "failedReleases[].version"), !"not_installed".equals(kind),
                    instant(failure.path("at"), "failedReleases[].at"), reason(failure.path("reason"),
                            "failedReleases[].reason"), kept ? instant(failure.path("seenAt"), "failedReleases[].seenAt")
                                    : null));
        }
        JsonNode deferralsNode = report.path("deferrals");
        if (!deferralsNode.isMissingNode() && !deferralsNode.isArray() || deferralsNode.size() > MAX_MODULES) {
            throw new Invalid("deferrals");
        }
        List<Deferral> deferrals = new ArrayList<>();
        for (JsonNode deferral : deferralsNode) {
            Instant until = instant(deferral.path("until"), "deferrals[].until");
            String why = reason(deferral.path("reason"), "deferrals[].reason");
            if (until == null || why == null || why.isBlank()) {
                throw new Invalid(until == null ? "deferrals[].until" : "deferrals[].reason");
            }
            deferrals.add(new Deferral(required(deferral, "name", NAME, "deferrals[].name"),
                    optional(deferral, "groupId", NAME, "deferrals[].groupId"),
                    required(deferral, "version", VERSION, "deferrals[].version"),
                    instant(deferral.path("requiredBy"), "deferrals[].requiredBy"), until, why,
                    text(deferral.path("by"), 100, "deferrals[].by"), instant(deferral.path("at"), "deferrals[].at")));
        }
        JsonNode targets = report.path("targetsVersion");
        if (!targets.isMissingNode() && !targets.isNull() && !targets.canConvertToLong() || targets.asLong() < 0) {
            throw new Invalid("targetsVersion");
        }
        String health = report.path("health").isMissingNode() ? worst(modules) : health(report.path("health"), "health");
        return new HostReport(instant(report.path("generatedAt"), "generatedAt"),
                optional(report, "platformVersion", VERSION, "platformVersion"), text(report.path("syncSource"), 300,
                        "syncSource"), instant(report.path("lastSync"), "lastSync"),
                instant(report.path("offlineSince"), "offlineSince"), targets.asLong(0), health, List.copyOf(modules),
                List.copyOf(failures), List.copyOf(deferrals));
    }

    /** The report as kept: these fields only, in this order. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("generatedAt", string(generatedAt)).put("platformVersion", platformVersion)
                .put("syncSource", syncSource).put("lastSync", string(lastSync))
                .put("offlineSince", string(offlineSince)).put("targetsVersion", targetsVersion).put("health", health);
        ArrayNode list = json.putArray("modules");
        for (Module module : modules) {
            list.addObject().put("name", module.name()).put("groupId", module.groupId()).put("version", module.version())
                    .put("enabled", module.enabled()).put("health", module.health()).put("reason", module.reason());
        }
        ArrayNode failed = json.putArray("failedReleases");
        for (Failure failure : failedReleases) {
            failed.addObject().put("name", failure.name()).put("groupId", failure.groupId())
                    .put("version", failure.version()).put("kind", failure.rolledBack() ? "rolled_back" : "not_installed")
                    .put("at", string(failure.at())).put("reason", failure.reason()).put("seenAt", string(failure.seenAt()));
        }
        ArrayNode deferred = json.putArray("deferrals");
        for (Deferral deferral : deferrals) {
            deferred.addObject().put("name", deferral.name()).put("groupId", deferral.groupId())
                    .put("version", deferral.version()).put("requiredBy", string(deferral.requiredBy()))
                    .put("until", string(deferral.until()))
                    .put("reason", deferral.reason()).put("by", deferral.by()).put("at", string(deferral.at()));
        }
        return json;
    }

    private static String worst(List<Module> modules) {
        int worst = 0;
        for (Module module : modules) {
            if (module.enabled()) {
                worst = Math.max(worst, HEALTH.indexOf(module.health()));
            }
        }
        return HEALTH.get(worst);
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String required(JsonNode node, String field, Pattern shape, String name) throws Invalid {
        String value = optional(node, field, shape, name);
        if (value == null) {
            throw new Invalid(name);
        }
        return value;
    }

    private static String optional(JsonNode node, String field, Pattern shape, String name) throws Invalid {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !shape.matcher(value.asText()).matches()) {
            throw new Invalid(name);
        }
        return value.asText();
    }

    private static String health(JsonNode value, String name) throws Invalid {
        if (value.isMissingNode() || value.isNull()) {
            return "UP";
        }
        if (!value.isTextual() || !HEALTH.contains(value.asText())) {
            throw new Invalid(name);
        }
        return value.asText();
    }

    private static String reason(JsonNode value, String name) throws Invalid {
        return text(value, MAX_REASON, name);
    }

    /** A text of at most {@code max} characters, without control characters but line ends. */
    private static String text(JsonNode value, int max, String name) throws Invalid {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > max
                || value.asText().codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new Invalid(name);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode value, String name) throws Invalid {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new Invalid(name);
        }
    }
}
