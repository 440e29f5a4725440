package be.imio.platform.repository.internal.fleet;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The fleet written out: as JSON for the API, as CSV (RFC 4180 quoting) for a spreadsheet.
 * Both carry the same columns, one row per host.
 */
public final class FleetExport {

    /** The CSV's columns, in order; also the keys of their headings in the texts ({@code fleet.column.*}). */
    public static final List<String> COLUMNS = List.of("id", "name", "kind", "group", "platformVersion", "health",
            "reasons", "modules", "flags", "lastReportAt", "lastSync", "offlineSince", "disabledAt", "deferrals");

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** A spreadsheet in any language reads this as a date and time. */
    private static final DateTimeFormatter SHEET_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(BRUSSELS);
    private static final CsvMapper CSV = new CsvMapper();

    private FleetExport() {
    }

    /**
     * {@code {"at": ..., "total": 462, "matching": 12, "modules": [...], "hosts": [...]}}: the
     * per-module summary of the whole fleet, then the {@code rows} kept by a query.
     */
    public static ObjectNode json(Fleet fleet, List<Fleet.HostRow> rows) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("at", fleet.at().toString())
                .put("total", fleet.hosts().size()).put("matching", rows.size());
        ArrayNode modules = json.putArray("modules");
        for (Fleet.ModuleSummary module : fleet.modules()) {
            ObjectNode item = modules.addObject().put("name", module.name()).put("groupId", module.groupId())
                    .put("newestStable", module.newestStable())
                    .put("hosts", module.hosts()).put("behind", module.behind()).put("revoked", module.revoked())
                    .put("failedElsewhere", module.failedElsewhere()).put("unhealthy", module.unhealthy());
            ObjectNode versions = item.putObject("versions");
            module.versions().forEach(versions::put);
        }
        ArrayNode hosts = json.putArray("hosts");
        for (Fleet.HostRow row : rows) {
            HostRegistry.Host host = row.host();
            HostReport report = row.report();
            ObjectNode item = hosts.addObject().put("id", host.id()).put("name", host.name()).put("kind", host.kind().id())
                    .put("group", host.group()).put("platformVersion", report == null ? null : report.platformVersion())
                    .put("health", row.health()).put("lastReportAt", iso(host.lastReportAt()))
                    .put("lastReportMadeAt", iso(host.lastReportMadeAt()))
                    .put("lastSync", report == null ? null : iso(report.lastSync()))
                    .put("offlineSince", report == null ? null : iso(report.offlineSince()))
                    .put("disabledAt", iso(host.disabledAt()));
            ArrayNode flags = item.putArray("flags");
            row.flags().forEach(flag -> flags.add(flag.id()));
            ArrayNode list = item.putArray("modules");
            for (Fleet.HostModule module : row.modules()) {
                ObjectNode one = list.addObject().put("name", module.module().name()).put("groupId", module.module().groupId())
                        .put("version", module.module().version()).put("health", module.module().health())
                        .put("reason", module.module().reason());
                ArrayNode moduleFlags = one.putArray("flags");
                module.flags().forEach(flag -> moduleFlags.add(flag.id()));
                if (module.required() != null) {
                    one.putObject("required").put("version", module.required().version())
                            .put("by", module.required().update().by().toString()).put("due", module.due().toString());
                }
                if (module.deferral() != null) {
                    one.putObject("deferral").put("version", module.deferral().version())
                            .put("until", iso(module.due())).put("asked", iso(module.deferral().until()))
                            .put("reason", module.deferral().reason())
                            .put("by", module.deferral().by()).put("at", iso(module.deferral().at()));
                }
            }
        }
        return json;
    }

    /**
     * The {@code rows} as CSV: a heading line ({@code heading} of each of {@link #COLUMNS}), then
     * one line per host; {@code kind} names a kind, {@code separator} parts fields (a comma; a
     * semicolon for a spreadsheet in French or German). Times are Brussels time,
     * {@code 2026-12-01 14:05}; modules {@code courrier 1.0.0 | conseil 1.1.0}.
     */
    public static String csv(List<Fleet.HostRow> rows, Function<String, String> heading, Function<HostKind, String> kind,
            char separator) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(separator).setUseHeader(false)
                .setLineSeparator("\r\n");
        COLUMNS.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        try (com.fasterxml.jackson.databind.SequenceWriter writer = CSV.writer(schema.build())
                .with(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS).writeValues(out)) {
            writer.write(cells(COLUMNS.stream().map(heading).toArray(String[]::new)));
            for (Fleet.HostRow row : rows) {
                HostRegistry.Host host = row.host();
                HostReport report = row.report();
                writer.write(cells(host.id(), host.name(), kind.apply(host.kind()),
                        nonNull(host.group()), report == null ? "" : nonNull(report.platformVersion()), row.health(),
                        reasons(row), row.modules().stream().map(m -> m.module().name() + " " + m.module().version())
                                .collect(Collectors.joining(" | ")),
                        row.flags().stream().map(Fleet.Flag::id).collect(Collectors.joining(" ")),
                        sheet(host.lastReportAt()), report == null ? "" : sheet(report.lastSync()),
                        report == null ? "" : sheet(report.offlineSince()), sheet(host.disabledAt()), deferrals(row)));
            }
        }
        return out.toString();
    }

    /**
     * The cells of one line, each safe to open in a spreadsheet: a text a host or a person chose
     * (a reason, a name) that begins as a formula does ({@code =}, {@code +}, {@code -}, {@code @},
     * a tab or a carriage return) is prefixed with {@code '}, so that it is shown, never computed
     * (CSV injection, CWE-1236).
     */
    static List<String> cells(String... values) {
        List<String> cells = new java.util.ArrayList<>(values.length);
        for (String value : values) {
            boolean formula = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
            cells.add(formula ? "'" + value : value);
        }
        return cells;
    }

    /** Why the host's modules are not UP: {@code courrier: reason} for each, one per line. */
    public static String reasons(Fleet.HostRow row) {
        return row.modules().stream().filter(m -> !"UP".equals(m.module().health()))
                .map(m -> m.module().name() + ": " + (m.module().reason() == null ? m.module().health() : m.module().reason()))
                .collect(Collectors.joining("\n"));
    }

    /** The mandatory updates the host deferred: {@code courrier 1.0.1 → 2026-12-20 18:00: reason}, one per line. */
    public static String deferrals(Fleet.HostRow row) {
        return row.modules().stream().filter(m -> m.deferral() != null)
                .map(m -> m.module().name() + " " + m.deferral().version() + " → " + sheet(m.due()) + ": "
                        + m.deferral().reason())
                .collect(Collectors.joining("\n"));
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String sheet(Instant instant) {
        return instant == null ? "" : SHEET_TIME.format(instant);
    }
}
