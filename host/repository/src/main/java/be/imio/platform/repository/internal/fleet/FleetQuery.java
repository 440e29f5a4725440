package be.imio.platform.repository.internal.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which hosts of the fleet to show and in which order, as the query string of the API, the
 * console and the CSV export names them: {@code kind}, {@code group}, {@code module},
 * {@code version} (of that module, or of any), {@code health} ({@code UP}, {@code DEGRADED},
 * {@code DOWN}, {@code unknown}), {@code flag} ({@code behind}, {@code revoked},
 * {@code failed-elsewhere}, {@code unhealthy}, {@code never-reported}, {@code disabled}: of the
 * module when one is named), {@code silentHours} (no report received for at least that many hours,
 * or never), {@code sort} ({@code id}, {@code kind}, {@code group}, {@code platform},
 * {@code health}, {@code lastReport}) and {@code order} ({@code asc}, {@code desc}). A value that
 * is not one of these (a kind, a health, a flag, a number of hours) filters nothing.
 */
public record FleetQuery(HostKind kind, String group, String module, String version, String health, Fleet.Flag flag,
        Integer silentHours, String sort, boolean descending) {

    public static final List<String> SORTS = List.of("id", "kind", "group", "platform", "health", "lastReport");

    /** The query that {@code parameters} (a servlet's parameter map) names. */
    public static FleetQuery of(Map<String, String[]> parameters) {
        Function<String, String> one = name -> {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 || values[0].isBlank() ? null : values[0].strip();
        };
        Integer silent = null;
        String hours = one.apply("silentHours");
        if (hours != null && hours.matches("\\d{1,5}")) {
            silent = Integer.valueOf(hours);
        }
        String health = one.apply("health");
        String sort = one.apply("sort");
        return new FleetQuery(HostKind.fromId(one.apply("kind")).orElse(null), one.apply("group"), one.apply("module"),
                one.apply("version"), health != null && (HostReport.HEALTH.contains(health) || health.equals("unknown"))
                        ? health : null, one.apply("flag") == null ? null : Fleet.Flag.fromId(one.apply("flag")).orElse(null),
                silent, sort != null && SORTS.contains(sort) ? sort : "id", "desc".equals(one.apply("order")));
    }

    /** The rows of {@code fleet} this query keeps, in its order. */
    public List<Fleet.HostRow> apply(Fleet fleet) {
        Instant now = fleet.at();
        return fleet.hosts().stream().filter(row -> keeps(row, now)).sorted(order(now)).toList();
    }

    private boolean keeps(Fleet.HostRow row, Instant now) {
        if (kind != null && row.host().kind() != kind || group != null && !group.equals(row.host().group())
                || health != null && !health.equals(row.health())) {
            return false;
        }
        if (silentHours != null) {
            Duration silence = row.silence(now);
            if (silence != null && silence.compareTo(Duration.ofHours(silentHours)) < 0) {
                return false;
            }
        }
        if (module == null) {
            return (version == null || row.modules().stream().anyMatch(m -> version.equals(m.module().version())))
                    && (flag == null || row.flags().contains(flag));
        }
        return row.modules().stream().anyMatch(m -> module.equals(m.module().name())
                && (version == null || version.equals(m.module().version()))
                && (flag == null || m.flags().contains(flag)));
    }

    private Comparator<Fleet.HostRow> order(Instant now) {
        Comparator<Fleet.HostRow> byId = Comparator.comparing(row -> row.host().id());
        Comparator<Fleet.HostRow> by = switch (sort) {
            case "kind" -> Comparator.comparing((Fleet.HostRow row) -> row.host().kind());
            case "group" -> Comparator.comparing((Fleet.HostRow row) -> row.host().group(),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            case "platform" -> Comparator.comparing((Fleet.HostRow row) -> row.report() == null ? null
                    : row.report().platformVersion(), Comparator.nullsLast(
                            be.imio.platform.repository.internal.maven.MavenVersions.ORDER));
            // Worst first when ascending: the order in which someone on call reads them.
            case "health" -> Comparator.comparing((Fleet.HostRow row) -> row.report() == null ? -1
                    : HostReport.HEALTH.indexOf(row.health())).reversed();
            // Longest silent first when ascending, never reported before all.
            case "lastReport" -> Comparator.comparing((Fleet.HostRow row) -> row.host().lastReportAt(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> byId;
        };
        by = by.thenComparing(byId);
        return descending ? by.reversed() : by;
    }

    /** This query as a query string, without {@code sort} and {@code order}, for links that keep the filters. */
    public String filters() {
        StringBuilder query = new StringBuilder();
        append(query, "kind", kind == null ? null : kind.id());
        append(query, "group", group);
        append(query, "module", module);
        append(query, "version", version);
        append(query, "health", health);
        append(query, "flag", flag == null ? null : flag.id());
        append(query, "silentHours", silentHours == null ? null : silentHours.toString());
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
