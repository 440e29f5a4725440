package be.imio.platform.commune.internal;

import static be.imio.platform.commune.internal.ConsoleView.esc;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.Channel;
import be.imio.platform.api.WebContexts;

/**
 * The host's settings ({@code etc/be.imio.platform.host.cfg}), through ConfigurationAdmin: read by
 * everyone, changed by administrators. A change is checked whole before anything is saved, and
 * journalled in the activity with what changed.
 */
final class ConsoleSettings {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSettings.class);
    private static final List<String> FIELDS = List.of("repositoryUrl", "rootFingerprint", "channel", "policy",
            "maintenanceWindow", "syncIntervalSeconds");

    private ConsoleSettings() {
    }

    static void show(ConsoleHost host, ConsoleView view) throws IOException {
        Map<String, String> values = current(host);
        String notice = view.request.getParameter("saved") != null ? "<p class=\"notice\" role=\"status\">"
                + view.h("settings.settings-saved") + "</p>" : "";
        form(host, view, 200, values, Map.of(), notice);
    }

    static void save(ConsoleHost host, ConsoleView view) throws IOException, SQLException {
        Map<String, String> before = current(host);
        Map<String, String> asked = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = view.request.getParameter(field);
            asked.put(field, value == null ? "" : value.strip());
        }
        asked.put("rootFingerprint", asked.get("rootFingerprint").toLowerCase(Locale.ROOT));
        Map<String, String> errors = check(view, asked);
        if (!errors.isEmpty()) {
            form(host, view, 400, asked, errors, "<p class=\"error\" role=\"alert\">" + view.h("settings.nothing-was-saved-correct-the") + "</p>");
            return;
        }
        StringBuilder changes = new StringBuilder();
        for (String field : FIELDS) {
            if (!asked.get(field).equals(before.get(field))) {
                changes.append(changes.length() == 0 ? "" : "; ").append(field).append(": ").append(before.get(field))
                        .append(" → ").append(asked.get(field));
            }
        }
        if (changes.length() > 0) {
            Configuration configuration = host.configuration().getConfiguration(HostConfig.PID, "?");
            Dictionary<String, Object> stored = configuration.getProperties();
            Dictionary<String, Object> previous = stored == null ? null : copy(stored);
            Dictionary<String, Object> properties = stored == null ? new Hashtable<>() : copy(stored);
            for (String field : FIELDS) {
                // Text only: a typed value makes ConfigurationAdmin write the whole file in its typed
                // form (I"240", "testing"), which a later edit by hand in the plain form breaks.
                properties.put(field, asked.get(field));
            }
            // The change and its row in the activity are one unit: neither is kept without the other.
            host.engine().ledger().recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, view.user,
                    (String) view.request.getAttribute(WebContexts.CLIENT_ADDRESS), Instant.now(), changes.toString(),
                    new ModuleLedger.JournalledChange() {
                        @Override
                        public void apply() throws IOException {
                            host.engine().consoleSaves(SettingsJournal.settingsOf(properties));
                            configuration.update(properties);
                        }

                        @Override
                        public void undo() throws IOException {
                            if (previous == null) {
                                configuration.delete();
                            } else {
                                configuration.update(previous);
                            }
                        }
                    });
            LOG.info("Host settings changed by {} from {}: {}", view.user,
                    view.request.getAttribute(WebContexts.CLIENT_ADDRESS), changes);
        }
        view.seeOther("/console/settings?saved=1");
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    /** What ConfigurationAdmin holds now (it is ahead of the running settings for a moment after a change). */
    private static Map<String, String> current(ConsoleHost host) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("repositoryUrl", host.settings().repositoryUrl());
        values.put("rootFingerprint", host.settings().rootFingerprint());
        values.put("channel", host.settings().channel().id());
        values.put("policy", host.settings().policy().id());
        values.put("maintenanceWindow", host.settings().maintenanceWindow());
        values.put("syncIntervalSeconds", Long.toString(host.settings().syncInterval().toSeconds()));
        Dictionary<String, Object> stored = host.configuration().getConfiguration(HostConfig.PID, "?").getProperties();
        if (stored != null) {
            for (String field : FIELDS) {
                Object value = stored.get(field);
                if (value != null) {
                    values.put(field, String.valueOf(value).strip());
                }
            }
        }
        return values;
    }

    static Map<String, String> check(ConsoleView view, Map<String, String> asked) {
        Map<String, String> errors = new LinkedHashMap<>();
        String url = asked.get("repositoryUrl");
        if (!url.isEmpty() && !validUrl(url)) {
            errors.put("repositoryUrl", view.t("settings.a-full-http-or-https"));
        }
        if (!asked.get("rootFingerprint").isEmpty() && !asked.get("rootFingerprint").matches("[0-9a-f]{64}")) {
            errors.put("rootFingerprint", view.t("settings.64-hexadecimal-digits-sha-256"));
        }
        if (java.util.Arrays.stream(Channel.values()).noneMatch(c -> c.id().equals(asked.get("channel")))) {
            errors.put("channel", view.t("settings.stable-or-testing"));
        }
        if (java.util.Arrays.stream(UpdatePolicy.values()).noneMatch(p -> p.id().equals(asked.get("policy")))) {
            errors.put("policy", view.t("settings.manual-automatic-or-security"));
        }
        try {
            HostSettings.MaintenanceWindow.parse(asked.get("maintenanceWindow"));
        } catch (RuntimeException e) {
            errors.put("maintenanceWindow", view.t("settings.empty-or-as-02-00"));
        }
        try {
            int seconds = Integer.parseInt(asked.get("syncIntervalSeconds"));
            if (seconds < 30 || seconds > 86_400) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            errors.put("syncIntervalSeconds", view.t("settings.a-number-of-seconds-from"));
        }
        return errors;
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
