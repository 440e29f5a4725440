package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.rollout.RolloutProgress;
import be.imio.platform.repository.internal.rollout.RolloutRow;
import be.imio.platform.trust.Rollout;

/** How the rollouts page writes one rollout, and the form that starts one. */
final class RolloutsView {

    private RolloutsView() {
    }

    static void rollout(ConsoleRequest request, RolloutProgress progress, StringBuilder html) {
        RolloutRow row = progress.rollout();
        String state = row.state().id();
        html.append("<section class=\"rollout\" data-rollout=\"").append(row.id()).append("\" data-state=\"").append(state)
                .append("\" aria-labelledby=\"rollout-").append(row.id()).append("\"><h2 id=\"rollout-").append(row.id())
                .append("\">").append(request.html("rollouts.heading", row.id(), row.release())).append(" <span class=\"state\""
                        + " data-state=\"").append(row.state() == Rollout.State.RUNNING ? "running"
                        : row.state() == Rollout.State.COMPLETED ? "succeeded" : "failed").append("\">")
                .append(request.html("rollouts.state." + state)).append("</span></h2><p>")
                .append(request.html("rollouts.started", request.dateTime(row.createdAt()), row.createdBy()));
        if (progress.nextRingAt() != null) {
            html.append(' ').append(request.html(row.lastStage() ? "rollouts.completes" : "rollouts.next-ring",
                    request.dateTime(progress.nextRingAt())));
        } else if (row.state() == Rollout.State.RUNNING) {
            html.append(' ').append(request.html("rollouts.waiting", row.stage() + 1));
        }
        html.append(' ').append(request.html("rollouts.thresholds", row.maxRollbacks(), row.maxUnhealthyPercent()))
                .append("</p>");
        if (row.haltReason() != null) {
            html.append("<p class=\"warning\" role=\"status\">").append(request.html("rollouts.halt." + row.haltReason(),
                    String.join(", ", row.haltHosts()))).append("</p>");
        }
        html.append("<table class=\"rings\"><caption>").append(request.html("rollouts.rings-caption", row.id()))
                .append("</caption><thead><tr>");
        for (String column : new String[] {"rollouts.column.ring", "rollouts.column.who", "rollouts.column.soak",
                "rollouts.column.hosts", "rollouts.column.running"}) {
            html.append("<th scope=\"col\">").append(request.html(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int i = 0; i < row.rings().size(); i++) {
            RolloutRow.Ring ring = row.rings().get(i);
            List<String> who = new ArrayList<>();
            if (!ring.hosts().isEmpty()) {
                who.add(String.join(", ", ring.hosts()));
            }
            if (ring.percent() > 0) {
                who.add(request.text(ring.percent() == 100 ? "rollouts.everyone" : "rollouts.share", ring.percent()));
            }
            html.append("<tr").append(i == row.stage() && row.active() ? " aria-current=\"step\" class=\"current\"" : "")
                    .append("><th scope=\"row\">").append(i + 1).append("</th><td>").append(escape(String.join(" + ", who)))
                    .append("</td><td>").append(request.html("rollouts.minutes", ring.soakMinutes())).append("</td><td>")
                    .append(progress.rings().get(i).hosts()).append("</td><td>").append(progress.rings().get(i).running())
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        if (request.admin() && row.active()) {
            html.append("<p class=\"actions\">");
            if (row.state() == Rollout.State.HALTED) {
                action(request, row, "resume", html);
            }
            action(request, row, "widen", html);
            action(request, row, "abort", html);
            html.append("</p>");
        }
        html.append("</section>");
    }

    private static void action(ConsoleRequest request, RolloutRow row, String what, StringBuilder html) {
        html.append("<a class=\"button secondary ").append(what).append("\" href=\"/console/rollouts/").append(row.id())
                .append('/').append(what).append("\">").append(request.html("rollouts." + what + ".link", row.id()))
                .append("</a> ");
    }

    static void form(ConsoleRequest request, List<String> releases, List<String> groups, Map<String, String> values,
            Map<String, String> errors, StringBuilder html) {
        html.append("<section aria-labelledby=\"start-title\"><h2 id=\"start-title\">").append(request.html("rollouts.form.title"))
                .append("</h2>").append(ConsoleForm.summary(request, errors));
        if (releases.isEmpty()) {
            html.append("<p>").append(request.html("rollouts.form.no-release")).append("</p></section>");
            return;
        }
        html.append("<form id=\"rollout-form\" method=\"post\" action=\"/console/rollouts\">").append(request.csrfField());
        ConsoleForm.select(html, request, "release", "rollouts.form.release",
                releases.stream().map(r -> new String[] {r, r}).toList(), values, errors);
        List<String[]> pilots = new ArrayList<>();
        groups.forEach(group -> pilots.add(new String[] {"group:" + group, request.text("rollouts.form.group", group)}));
        if (pilots.isEmpty()) {
            ConsoleForm.text(html, request, "pilot", "rollouts.form.pilot-hosts", "rollouts.form.pilot-hint", values, errors,
                    "required");
        } else {
            ConsoleForm.select(html, request, "pilot", "rollouts.form.pilot", pilots, values, errors);
        }
        Map<String, String> shown = new java.util.HashMap<>(Map.of("pilotSoak", "60", "share", "25", "shareSoak", "120",
                "maxRollbacks", "1", "maxUnhealthy", "10"));
        values.forEach((field, value) -> {
            if (!value.isEmpty()) {
                shown.put(field, value);
            }
        });
        ConsoleForm.text(html, request, "pilotSoak", "rollouts.form.pilot-soak", null, shown, errors,
                "type=\"number\" min=\"0\" max=\"10080\" class=\"short\"");
        ConsoleForm.text(html, request, "share", "rollouts.form.share", "rollouts.form.share-hint", shown, errors,
                "type=\"number\" min=\"0\" max=\"100\" class=\"short\"");
        ConsoleForm.text(html, request, "shareSoak", "rollouts.form.share-soak", null, shown, errors,
                "type=\"number\" min=\"0\" max=\"10080\" class=\"short\"");
        ConsoleForm.text(html, request, "maxRollbacks", "rollouts.form.max-rollbacks", null, shown, errors,
                "type=\"number\" min=\"1\" max=\"1000\" class=\"short\"");
        ConsoleForm.text(html, request, "maxUnhealthy", "rollouts.form.max-unhealthy", null, shown, errors,
                "type=\"number\" min=\"1\" max=\"100\" class=\"short\"");
        html.append("<div class=\"actions\"><button id=\"start\" type=\"submit\">").append(request.html("rollouts.form.submit"))
                .append("</button></div></form></section>");
    }
}
