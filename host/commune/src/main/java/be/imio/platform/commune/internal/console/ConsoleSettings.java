package be.imio.platform.commune.internal.console;

import static be.imio.platform.commune.internal.console.ConsoleView.esc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.Channel;
import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.commune.api.Refusal;

/**
 * The host's settings ({@code etc/be.imio.platform.host.cfg}), through ConfigurationAdmin: read by
 * everyone, changed by administrators. A change is checked whole before anything is saved, and
 * journalled in the activity with what changed.
 */
public final class ConsoleSettings {


    private ConsoleSettings() {
    }

    static void show(ConsoleHost host, ConsoleView view) throws IOException {
        Map<String, String> values = current(host);
        String notice = view.request.getParameter("saved") != null ? "<p class=\"notice\" role=\"status\">"
                + view.h("settings.settings-saved") + "</p>" : "";
        form(host, view, 200, values, Map.of(), notice);
    }

    static void save(ConsoleHost host, ConsoleView view) throws IOException {
        Map<String, String> asked = new LinkedHashMap<>();
        for (String field : HostSettingsService.FIELDS) {
            String value = view.request.getParameter(field);
            asked.put(field, value == null ? "" : value.strip());
        }
        asked.put(HostSettingsService.ROOT_FINGERPRINT, asked.get(HostSettingsService.ROOT_FINGERPRINT).toLowerCase(Locale.ROOT));
        Map<String, String> errors = new LinkedHashMap<>();
        host.settings().check(asked).keySet().forEach(field -> errors.put(field, view.t(EXPECTED.get(field))));
        if (!errors.isEmpty()) {
            form(host, view, 400, asked, errors, "<p class=\"error\" role=\"alert\">" + view.h("settings.nothing-was-saved-correct-the") + "</p>");
            return;
        }
        try {
            host.settings().change(asked, view.user, (String) view.request.getAttribute(WebContexts.CLIENT_ADDRESS));
        } catch (Refusal refused) {
            form(host, view, refused.status(), asked, Map.of(), "<p class=\"error\" role=\"alert\">"
                    + esc(refused.message(view.language)) + "</p>");
            return;
        }
        view.seeOther("/console/settings?saved=1");
    }

    /** What each setting expects, in the console's words. */
    private static final Map<String, String> EXPECTED = Map.of(
            HostSettingsService.REPOSITORY_URL, "settings.a-full-http-or-https",
            HostSettingsService.ROOT_FINGERPRINT, "settings.64-hexadecimal-digits-sha-256",
            HostSettingsService.CHANNEL, "settings.stable-or-testing",
            HostSettingsService.POLICY, "settings.manual-automatic-or-security",
            HostSettingsService.MAINTENANCE_WINDOW, "settings.empty-or-as-02-00",
            HostSettingsService.SYNC_INTERVAL_SECONDS, "settings.a-number-of-seconds-from");

    /** What ConfigurationAdmin holds now (it is ahead of the running settings for a moment after a change). */
    private static Map<String, String> current(ConsoleHost host) {
        return host.settings().values();
    }

    private static void form(ConsoleHost host, ConsoleView view, int status, Map<String, String> values,
            Map<String, String> errors, String notice) throws IOException {
        String disabled = view.admin ? "" : " disabled";
        StringBuilder main = new StringBuilder(notice);
        if (!view.admin) {
            main.append("<p>").append(view.h("settings.only-an-administrator-may-change")).append("</p>");
        }
        main.append("<form id=\"settings-form\" method=\"post\" action=\"/console/settings\" novalidate>")
                .append(view.csrfField());
        text(main, view, values, errors, "repositoryUrl", view.t("settings.central-repository-address"),
                view.t("settings.for-example-https-depot-imio"), disabled);
        text(main, view, values, errors, "rootFingerprint", view.t("settings.trusted-root-fingerprint"), view.t("settings.given-by-imio-it-only"), disabled);
        select(main, view, values, errors, "channel", view.t("catalogue.channel"), List.of(
                new String[] {Channel.STABLE.id(), view.t("settings.stable-approved-releases")},
                new String[] {Channel.TESTING.id(), view.t("settings.testing-trial-releases-too")}),
                disabled);
        select(main, view, values, errors, "policy", view.t("settings.update-policy"),
                java.util.Arrays.stream(UpdatePolicy.values())
                        .map(p -> new String[] {p.id(), ConsoleText.policy(view, p)}).toList(), disabled);
        text(main, view, values, errors, "maintenanceWindow", view.t("settings.maintenance-window"),
                view.t("settings.belgian-time-for-example-02"), disabled);
        text(main, view, values, errors, "syncIntervalSeconds", view.t("settings.sync-interval-seconds"), "", disabled);
        if (view.admin) {
            main.append("<p><button type=\"submit\" class=\"action\">").append(view.h("settings.save"))
                    .append("</button></p>");
        }
        main.append("</form>");
        host.page(view, status, view.t("settings.settings"), "/settings", main.toString());
    }

    private static void text(StringBuilder main, ConsoleView view, Map<String, String> values,
            Map<String, String> errors, String name, String label, String hint, String disabled) {
        main.append("<div class=\"field\"><label for=\"").append(name).append("\">").append(esc(label)).append("</label>");
        String described = describedBy(main, view, errors, name, hint);
        main.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" value=\"")
                .append(esc(values.get(name))).append('"').append(described).append(disabled)
                .append(errors.containsKey(name) ? " aria-invalid=\"true\"" : "").append("></div>");
    }

    private static void select(StringBuilder main, ConsoleView view, Map<String, String> values,
            Map<String, String> errors, String name, String label, List<String[]> options, String disabled) {
        main.append("<div class=\"field\"><label for=\"").append(name).append("\">").append(esc(label)).append("</label>");
        String described = describedBy(main, view, errors, name, "");
        main.append("<select id=\"").append(name).append("\" name=\"").append(name).append('"').append(described)
                .append(disabled).append('>');
        for (String[] option : options) {
            main.append("<option value=\"").append(option[0]).append('"')
                    .append(option[0].equals(values.get(name)) ? " selected" : "").append('>').append(esc(option[1]))
                    .append("</option>");
        }
        main.append("</select></div>");
    }

    /** Writes the field's hint and error before it; answers the aria-describedby attribute. */
    private static String describedBy(StringBuilder main, ConsoleView view, Map<String, String> errors, String name,
            String hint) {
        StringBuilder ids = new StringBuilder();
        if (!hint.isEmpty()) {
            main.append("<p class=\"muted hint\" id=\"").append(name).append("-hint\">").append(esc(hint)).append("</p>");
            ids.append(name).append("-hint");
        }
        if (errors.containsKey(name)) {
            main.append("<p class=\"error\" id=\"").append(name).append("-error\">").append(esc(view.t("settings.expected") + errors.get(name))).append("</p>");
            ids.append(ids.length() == 0 ? "" : " ").append(name).append("-error");
        }
        return ids.length() == 0 ? "" : " aria-describedby=\"" + ids + "\"";
    }
}
