package be.imio.platform.repository.internal.fleet;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectReader;

import be.imio.platform.api.json.Json;
import be.imio.platform.repository.internal.maven.MavenVersions;
import be.imio.platform.repository.internal.release.Release;

/**
 * The fleet at one moment: every registered host with its latest report, read against the
 * releases, so that iMio sees drift. A host's module is <em>behind</em> when a newer stable
 * release of it is valid, <em>revoked</em> when it runs a revoked release, <em>failed
 * elsewhere</em> when another host reported that release failed and was rolled back, and
 * <em>unhealthy</em> when the host reports it other than UP; <em>deferred</em> when the host's
 * administrator deferred a release iMio requires of it, and <em>overdue</em> when it runs an older
 * version than a required release past its deadline (or past the date it was deferred to). Built
 * from a few reads, computed in memory: a few milliseconds for 462 hosts.
 */
public final class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** What can be wrong with a host, for filters and the CSV export: {@code behind}, {@code revoked}... */
    public enum Flag {
        BEHIND, REVOKED, FAILED_ELSEWHERE, UNHEALTHY, NEVER_REPORTED, DISABLED, DEFERRED, OVERDUE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static java.util.Optional<Flag> fromId(String id) {
            for (Flag flag : values()) {
                if (flag.id().equals(id)) {
                    return java.util.Optional.of(flag);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** One module across the fleet: how many hosts run each version (newest first), and how many are in trouble. */
    public record ModuleSummary(String name, String groupId, String newestStable, Map<String, Integer> versions,
            int behind, int revoked, int failedElsewhere, int unhealthy) {

        /** Hosts running the module. */
        public int hosts() {
            return versions.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * One module on one host, with what is wrong with it; {@code required} is the release iMio
     * requires of it (its version newer than the one running), {@code deferral} the host's
     * deferral of it, each or both null.
     */
    public record HostModule(HostReport.Module module, Set<Flag> flags, Required required, HostReport.Deferral deferral) {

        public HostModule(HostReport.Module module, Set<Flag> flags) {
            this(module, flags, null, null);
        }

        /**
         * When the host is to take {@link #required}: the date it deferred it to, at most iMio's
         * current limit, else iMio's deadline; null without one.
         */
        public Instant due() {
            return required == null ? null : Fleet.due(required.update(), deferral);
        }
    }

    /** When a host is to take a release required as {@code update}, having deferred it as {@code deferral} (or null). */
    public static Instant due(be.imio.platform.trust.RequiredUpdate update, HostReport.Deferral deferral) {
        return update.due(deferral == null ? null : deferral.until());
    }

    /**
     * The deferral among {@code deferrals} (a host's report) that answers the requirement of
     * {@code version} of module {@code moduleId} ({@code group:name}) by {@code update}'s deadline;
     * null when none does. A deferral that does not say which deadline it answers (an older host)
     * is taken for the current one.
     */
    public static HostReport.Deferral answering(List<HostReport.Deferral> deferrals, String moduleId, String name,
            String version, be.imio.platform.trust.RequiredUpdate update) {
        return deferrals.stream().filter(d -> d.name().equals(name) && d.version().equals(version)
                && (d.groupId() == null || moduleId.equals(d.groupId() + ":" + d.name()))
                && (d.requiredBy() == null || d.requiredBy().equals(update.by()))).findFirst().orElse(null);
    }

    /** True when host {@code hostId} cannot take {@code version}: it failed there, or a rollout has not reached it. */
    private static boolean heldOn(String hostId, HostReport report, String moduleId, String name, String version,
            Map<String, be.imio.platform.trust.Rollout> rollouts) {
        be.imio.platform.trust.Rollout rollout = rollouts.get(moduleId + ":" + version);
        return rollout != null && !rollout.offers(hostId) || report.failedReleases().stream()
                .anyMatch(f -> f.name().equals(name) && f.version().equals(version)
                        && (f.groupId() == null || moduleId.equals(f.groupId() + ":" + f.name())));
    }

    /** True when {@code release} ({@code group:artifact:version}) is revoked: required of no one. */
    public boolean revoked(String release) {
        return revoked.contains(release);
    }

    /** A release iMio requires: {@code version} of its module, by {@code update.by()}. */
    public record Required(String version, be.imio.platform.trust.RequiredUpdate update) {
    }

    /** One host, its report (null before the first), and its modules' flags. */
    public record HostRow(HostRegistry.Host host, HostReport report, List<HostModule> modules, Set<Flag> flags) {

        /** {@code UP}, {@code DEGRADED}, {@code DOWN}, or {@code unknown} before the first report. */
        public String health() {
            return report == null ? "unknown" : report.health();
        }

        /** How long since the repository received the host's latest report; null before its first. */
        public Duration silence(Instant now) {
            return host.lastReportAt() == null ? null : Duration.between(host.lastReportAt(), now);
        }
    }

    private final Instant at;
    private final Set<String> revoked;
    private final List<HostRow> hosts;
    private final List<ModuleSummary> modules;

    private Fleet(Instant at, List<HostRow> hosts, List<ModuleSummary> modules, Set<String> revoked) {
        this.revoked = revoked;
        this.at = at;
        this.hosts = hosts;
        this.modules = modules;
    }

    /** When the fleet was read. */
    public Instant at() {
        return at;
    }

    /** Every host, by id. */
    public List<HostRow> hosts() {
        return hosts;
    }

    /** Every module some host runs or some release names, by name then group. */
    public List<ModuleSummary> modules() {
        return modules;
    }

    /**
     * The fleet of {@code registered} hosts against {@code releases} (every file of the ledger), at
     * {@code now}. A module is its group and name: another group's module of the same name is
     * another module. A report that names no group (hosts before groups were reported) is read as
     * the one group that releases that name, when only one does; else it gets no flag.
     */
    public static Fleet of(Collection<HostRegistry.Host> registered, Collection<Release> releases, Instant now) {
        return of(registered, releases, Map.of(), now);
    }

    /**
     * The fleet, with the releases iMio requires ({@code required}, by {@code group:artifact:version}):
     * each host's module is read against the newest required release newer than what it runs.
     */
    public static Fleet of(Collection<HostRegistry.Host> registered, Collection<Release> releases,
            Map<String, be.imio.platform.trust.RequiredUpdate> required, Instant now) {
        return of(registered, releases, required, Map.of(), now);
    }

    /**
     * The fleet, with the releases iMio requires and the staged rollouts as signed
     * ({@code rollouts}, by {@code group:artifact:version}): a required release a rollout has not
     * brought to a host yet is one it cannot take, as the host itself decides.
     */
    public static Fleet of(Collection<HostRegistry.Host> registered, Collection<Release> releases,
            Map<String, be.imio.platform.trust.RequiredUpdate> required,
            Map<String, be.imio.platform.trust.Rollout> rollouts, Instant now) {
        Map<String, Map<String, be.imio.platform.trust.RequiredUpdate>> requiredOf = new HashMap<>();
        required.forEach((release, update) -> {
            int last = release.lastIndexOf(':');
            requiredOf.computeIfAbsent(release.substring(0, last), k -> new TreeMap<>(MavenVersions.ORDER.reversed()))
                    .put(release.substring(last + 1), update);
        });
        Map<String, String> newestStable = new HashMap<>();
        Set<String> revoked = new HashSet<>();
        Map<String, Set<String>> groupsOf = new HashMap<>();
        for (Release release : releases) {
            if (release.isCompanion()) {
                continue;
            }
            groupsOf.computeIfAbsent(release.artifactId(), k -> new HashSet<>()).add(release.groupId());
            String module = release.groupId() + ":" + release.artifactId();
            if (release.revokedAt() != null) {
                revoked.add(module + ":" + release.version());
            } else if (Release.STABLE.equals(release.channel())) {
                newestStable.merge(module, release.version(), (x, y) -> MavenVersions.ORDER.compare(x, y) >= 0 ? x : y);
            }
        }
        java.util.function.BiFunction<String, String, String> id = (group, name) -> {
            if (group != null) {
                return group + ":" + name;
            }
            Set<String> groups = groupsOf.getOrDefault(name, Set.of());
            return groups.size() == 1 ? groups.iterator().next() + ":" + name : "?:" + name;
        };
        ObjectReader reader = Json.reader();
        Map<String, HostReport> reports = new HashMap<>();
        Map<String, Set<String>> failedOn = new HashMap<>(); // group:module:version -> hosts that reported it failed
        for (HostRegistry.Host host : registered) {
            HostReport report = read(reader, host);
            if (report != null) {
                reports.put(host.id(), report);
                for (HostReport.Failure failure : report.failedReleases()) {
                    failedOn.computeIfAbsent(id.apply(failure.groupId(), failure.name()) + ":" + failure.version(),
                            k -> new HashSet<>()).add(host.id());
                }
            }
        }
        List<HostRow> rows = new ArrayList<>();
        Map<String, Map<String, Integer>> versions = new TreeMap<>();
        Map<String, int[]> trouble = new HashMap<>(); // behind, revoked, failed elsewhere, unhealthy
        for (HostRegistry.Host host : registered) {
            HostReport report = reports.get(host.id());
            EnumSet<Flag> hostFlags = EnumSet.noneOf(Flag.class);
            List<HostModule> hostModules = new ArrayList<>();
            if (report == null) {
                hostFlags.add(Flag.NEVER_REPORTED);
            } else {
                for (HostReport.Module module : report.running().values()) {
                    String moduleId = id.apply(module.groupId(), module.name());
                    String key = moduleId + ":" + module.version();
                    EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
                    String newest = newestStable.get(moduleId);
                    if (newest != null && MavenVersions.ORDER.compare(module.version(), newest) < 0) {
                        flags.add(Flag.BEHIND);
                    }
                    if (revoked.contains(key)) {
                        flags.add(Flag.REVOKED);
                    }
                    Set<String> failedHosts = failedOn.getOrDefault(key, Set.of());
                    if (!moduleId.startsWith("?:") && failedHosts.size() > (failedHosts.contains(host.id()) ? 1 : 0)) {
                        flags.add(Flag.FAILED_ELSEWHERE);
                    }
                    if (!"UP".equals(module.health())) {
                        flags.add(Flag.UNHEALTHY);
                    }
                    // As the host decides (its MandatoryUpdates): the newest required release newer than what
                    // it runs that it can take (not failed there, not held back by a rollout), and among the
                    // requirements that satisfies, the one due first. A revoked release is required of no one.
                    List<Map.Entry<String, be.imio.platform.trust.RequiredUpdate>> candidates = requiredOf
                            .getOrDefault(moduleId, Map.of()).entrySet().stream()
                            .filter(e -> MavenVersions.ORDER.compare(e.getKey(), module.version()) > 0
                                    && !revoked.contains(moduleId + ":" + e.getKey())).toList();
                    Required requirement = null;
                    HostReport.Deferral deferral = null;
                    boolean held = false;
                    if (!candidates.isEmpty()) {
                        int target = 0;
                        while (target < candidates.size() && heldOn(host.id(), report, moduleId, module.name(),
                                candidates.get(target).getKey(), rollouts)) {
                            target++;
                        }
                        held = target == candidates.size();
                        Instant first = null;
                        for (var satisfied : candidates.subList(held ? 0 : target, candidates.size())) {
                            HostReport.Deferral answer = answering(report.deferrals(), moduleId, module.name(),
                                    satisfied.getKey(), satisfied.getValue());
                            Instant due = due(satisfied.getValue(), answer);
                            if (first == null || due.isBefore(first)) {
                                first = due;
                                requirement = new Required(satisfied.getKey(), satisfied.getValue());
                                deferral = answer;
                            }
                        }
                    }
                    HostModule row = new HostModule(module, flags, requirement, deferral);
                    if (deferral != null) {
                        flags.add(Flag.DEFERRED);
                    }
                    // Not while iMio's own rollout or the host's failure holds every required release back.
                    if (requirement != null && !held && now.isAfter(row.due())) {
                        flags.add(Flag.OVERDUE);
                    }
                    hostModules.add(row);
                    hostFlags.addAll(flags);
                    versions.computeIfAbsent(moduleId, k -> new TreeMap<>(MavenVersions.ORDER.reversed()))
                            .merge(module.version(), 1, Integer::sum);
                    int[] counts = trouble.computeIfAbsent(moduleId, k -> new int[4]);
                    int i = 0;
                    for (Flag flag : List.of(Flag.BEHIND, Flag.REVOKED, Flag.FAILED_ELSEWHERE, Flag.UNHEALTHY)) {
                        counts[i++] += flags.contains(flag) ? 1 : 0;
                    }
                }
                if (!"UP".equals(report.health())) {
                    hostFlags.add(Flag.UNHEALTHY);
                }
            }
            if (host.disabledAt() != null) {
                hostFlags.add(Flag.DISABLED);
            }
            rows.add(new HostRow(host, report, List.copyOf(hostModules), hostFlags));
        }
        for (String module : newestStable.keySet()) {
            versions.computeIfAbsent(module, k -> new TreeMap<>(MavenVersions.ORDER.reversed()));
        }
        List<ModuleSummary> summaries = new ArrayList<>();
        versions.forEach((module, counts) -> {
            int[] t = trouble.getOrDefault(module, new int[4]);
            String group = module.substring(0, module.indexOf(':'));
            summaries.add(new ModuleSummary(module.substring(module.indexOf(':') + 1), group.equals("?") ? null : group,
                    newestStable.get(module), counts, t[0], t[1], t[2], t[3]));
        });
        summaries.sort(java.util.Comparator.comparing(ModuleSummary::name)
                .thenComparing(ModuleSummary::groupId, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        rows.sort(java.util.Comparator.comparing(row -> row.host().id()));
        return new Fleet(now, List.copyOf(rows), List.copyOf(summaries), Set.copyOf(revoked));
    }

    /** The host's report as the repository kept it; null before the first, or if it no longer reads (logged). */
    private static HostReport read(ObjectReader reader, HostRegistry.Host host) {
        if (host.lastReport() == null) {
            return null;
        }
        try {
            return HostReport.readKept(reader.readTree(host.lastReport()), host.id());
        } catch (IOException | HostReport.Invalid | HostReport.OtherHost e) {
            // A report kept before reports were checked: shown as none rather than failing the whole view.
            LOG.debug("The latest report of host {} is not read: {}", host.id(), e.getMessage());
            return null;
        }
    }
}
