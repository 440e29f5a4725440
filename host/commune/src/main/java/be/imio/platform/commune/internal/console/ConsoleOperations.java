package be.imio.platform.commune.internal.console;

import static be.imio.platform.commune.internal.console.ConsoleView.esc;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.api.ActivityFilter;

/** One operation as it runs (live), and the audit log of them all, filtered. */
public final class ConsoleOperations {

    private static final int ACTIVITY_ROWS = 200;
    /** A day as Belgians type it: 1/12/2026 in French and English, 1.12.2026 in German (either is taken). */
    private static final DateTimeFormatter BELGIAN_DATE = DateTimeFormatter.ofPattern("[d/M/uuuu][d.M.uuuu]", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private ConsoleOperations() {
    }

    static void show(ConsoleHost host, ConsoleView view, long id) throws IOException, Refusal {
        Optional<Operation> found = host.modules().operation(id);
        if (found.isEmpty()) {
            host.problem(view, 404, "problem.this-operation-does-not-exist");
            return;
        }
        Operation operation = found.get();
        String state = operation.state().id();
        StringBuilder labels = new StringBuilder();
        for (Operation.State s : Operation.State.values()) {
            labels.append(" data-label-").append(s.id().replace('_', '-')).append("=\"")
                    .append(esc(ConsoleText.state(view, s))).append('"');
        }
        String reason = view.reason(operation);
        String detail = operation.detail() == null ? "" : operation.detail();
        StringBuilder main = new StringBuilder();
        main.append("<dl class=\"facts\"><dt>").append(view.h("activity.asked-by")).append("</dt><dd>")
                .append(esc(operation.requestedBy())).append("</dd><dt>").append(view.h("activity.on")).append("</dt><dd>")
                .append(view.dateTime(operation.requestedAt())).append("</dd></dl>")
                .append("<p>").append(view.h("activity.status")).append("<strong id=\"operation-status\" class=\"state\""
                        + " aria-live=\"polite\" data-state=\"").append(state).append('"')
                .append(operation.state().isFinal() ? "" : " data-poll=\"/console/operations/" + id + ".json\"")
                .append(labels).append('>').append(esc(ConsoleText.state(view, operation.state()))).append("</strong></p>")
                .append("<p id=\"operation-phase\" aria-live=\"polite\">")
                .append(esc(ConsoleText.phase(view, host.modules().phase(id).orElse(null)))).append("</p>")
                .append("<p id=\"operation-explain\"").append(explanations(view)).append('>')
                .append(esc(explain(view, operation.state()))).append("</p>")
                .append("<p id=\"operation-reason\"").append(reason.isEmpty() ? " hidden" : "").append('>')
                .append(esc(reason)).append("</p>")
                .append("<details id=\"operation-detail\"").append(detail.isEmpty() ? " hidden" : "").append("><summary>")
                .append(view.h("activity.technical-detail")).append("</summary><pre>")
                .append(esc(detail)).append("</pre></details>")
                .append(operation.state().isFinal() ? "" : "<p id=\"operation-reload\"><a href=\"/console/operations/" + id
                        + "\">" + view.h("activity.refresh") + "</a></p>")
                .append("<p id=\"operation-done\"").append(operation.state().isFinal() ? "" : " hidden")
                .append("><a href=\"/console/modules\">").append(view.h("activity.see-my-modules"))
                .append("</a> · <a href=\"/console/activity\">").append(view.h("activity.see-the-activity"))
                .append("</a></p>");
        host.page(view, 200, ConsoleText.describe(view, operation, host), "/modules", main.toString());
    }

    /** What the outcome means for the commune, in plain words; empty while it runs. */
    static String explain(ConsoleView view, Operation.State state) {
        return switch (state) {
            case SUCCEEDED -> view.t("activity.the-module-runs-in-its");
            case FAILED -> view.t("activity.the-operation-could-not-start");
            case ROLLED_BACK -> view.t("activity.the-operation-failed-the-host");
            case INTERRUPTED -> view.t("activity.the-host-stopped-during-the");
            case SKIPPED -> view.t("activity.skipped-explained");
            default -> "";
        };
    }

    private static String explanations(ConsoleView view) {
        StringBuilder attributes = new StringBuilder();
        for (Operation.State s : Operation.State.values()) {
            attributes.append(" data-explain-").append(s.id().replace('_', '-')).append("=\"")
                    .append(esc(explain(view, s))).append('"');
        }
        return attributes.toString();
    }

    /**
     * A module operation's progress for the page's script, and only what the page shows of it
     * (state, phase, reason, detail, in the reader's language): the one console address a script
     * may read (see the console's context), so also one that a module's script can read with
     * staff's session. Who asked, from where, and the host's settings rows (accounts, addresses)
     * are never in it; those stay on the pages, which no script reads.
     */
    static void json(ConsoleHost host, ConsoleView view, long id) throws IOException, Refusal {
        Optional<Operation> found = host.modules().operation(id).filter(o -> o.action() != Operation.Action.SETTINGS);
        if (found.isEmpty()) {
            JsonAnswers.error(view.request, view.response, 404, "unknown_operation",
                    Message.of("refusal.unknown-operation").words());
            return;
        }
        Operation operation = found.get();
        OperationPhase phase = host.modules().phase(id).orElse(null);
        ObjectNode body = Json.object().put("id", operation.id()).put("module", operation.module())
                .put("action", operation.action().id()).put("state", operation.state().id())
                .put("stateText", ConsoleText.state(view, operation.state()))
                .put("phase", phase == null ? null : phase.id()).put("phaseText", ConsoleText.phase(view, phase))
                .put("reason", view.reason(operation)).put("detail", operation.detail());
        view.response.setHeader("Cache-Control", "no-store");
        JsonAnswers.send(view.response, 200, body);
    }

    static void activity(ConsoleHost host, ConsoleView view) throws IOException, Refusal {
        String module = field(view, "module");
        String user = field(view, "user");
        String outcome = field(view, "outcome");
        String from = field(view, "from");
        String to = field(view, "to");
        StringBuilder errors = new StringBuilder();
        Instant fromInstant = day(view, from, 0, "from", errors);
        Instant untilInstant = day(view, to, 1, "to", errors);
        String state = outcome.isEmpty() ? null : List.of(Operation.State.values()).stream().map(Operation.State::id)
                .filter(outcome::equals).findFirst().orElse(null);
        List<Operation> operations = errors.length() > 0 ? List.of() : host.modules().activity(
                new ActivityFilter(module.isEmpty() ? null : module, user.isEmpty() ? null : user, state, fromInstant,
                        untilInstant), ACTIVITY_ROWS);
        StringBuilder main = new StringBuilder();
        main.append("<form class=\"filters\" method=\"get\" action=\"/console/activity\">");
        input(main, "module", view.h("modules.module"), module, "");
        input(main, "user", view.h("activity.user"), user, "");
        main.append("<p><label for=\"outcome\">").append(view.h("activity.outcome")).append("</label>")
                .append("<select id=\"outcome\" name=\"outcome\"><option value=\"\">").append(view.h("activity.all"))
                .append("</option>");
        for (Operation.State s : Operation.State.values()) {
            main.append("<option value=\"").append(s.id()).append('"').append(s.id().equals(outcome) ? " selected" : "")
                    .append('>').append(esc(ConsoleText.state(view, s))).append("</option>");
        }
        main.append("</select></p>");
        input(main, "from", view.h("activity.from-dd-mm-yyyy"), from, "");
        input(main, "to", view.h("activity.to-dd-mm-yyyy"), to, "");
        main.append("<p><button type=\"submit\">").append(view.h("catalogue.filter")).append("</button></p></form>")
                .append(errors);
        if (operations.isEmpty()) {
            main.append("<p id=\"no-result\">").append(view.h("activity.no-operation-matches")).append("</p>");
        } else {
            main.append("<table id=\"activity\"><thead><tr>");
            for (String column : new String[] {"date", "module", "action", "versions", "outcome", "user", "detail"}) {
                main.append("<th scope=\"col\">").append(view.h("activity.column." + column)).append("</th>");
            }
            main.append("</tr></thead><tbody>");
            for (Operation o : operations) {
                main.append("<tr data-operation=\"").append(o.id()).append("\"><td>").append(view.dateTime(o.requestedAt()))
                        .append("</td><td>").append(o.module().equals(Operation.HOST) ? view.h("activity.host")
                                : esc(o.module()) + (o.groupId() == null ? "" : "<br><span class=\"muted publisher\">"
                                        + esc(o.groupId()) + "</span>")).append("</td><td><a href=\"/console/operations/")
                        .append(o.id())
                        .append("\">").append(esc(ConsoleText.action(view, o.action()))).append("</a></td><td>")
                        .append(esc(o.fromVersion() == null ? "" : o.fromVersion()))
                        .append(o.fromVersion() != null && o.toVersion() != null ? " → " : "")
                        .append(esc(o.toVersion() == null ? "" : o.toVersion())).append("</td><td class=\"state\" data-state=\"")
                        .append(o.state().id()).append("\">").append(esc(ConsoleText.state(view, o.state())))
                        .append("</td><td>").append(esc(o.requestedBy())).append("</td><td>")
                        .append(esc(view.reason(o))).append("</td></tr>");
            }
            main.append("</tbody></table>");
        }
        host.page(view, errors.length() > 0 ? 400 : 200, view.t("activity.activity"), "/activity", main.toString());
    }

    private static void input(StringBuilder main, String name, String label, String value, String extra) {
        main.append("<p><label for=\"").append(name).append("\">").append(label).append("</label><input id=\"")
                .append(name).append("\" name=\"").append(name).append("\" value=\"").append(esc(value)).append('"')
                .append(extra).append("></p>");
    }

    /** A Belgian date (dd/mm/yyyy) as the start of that day, plus {@code plusDays}, in Brussels. */
    private static Instant day(ConsoleView view, String text, int plusDays, String field, StringBuilder errors) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text, BELGIAN_DATE).plusDays(plusDays).atStartOfDay(ConsoleView.BRUSSELS).toInstant();
        } catch (DateTimeParseException e) {
            errors.append("<p class=\"error\" role=\"alert\">").append(view.h("activity.not-a-date", text,
                    view.t("activity.field." + field))).append("</p>");
            return null;
        }
    }

    private static String field(ConsoleView view, String name) {
        String value = view.request.getParameter(name);
        if (value == null) {
            return "";
        }
        value = value.strip();
        return value.length() > 100 ? value.substring(0, 100) : value;
    }
}
