package be.imio.platform.repository.internal.console;

import static be.imio.platform.api.Html.escape;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.console.api.ConsoleRequest;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.publisher.PublisherAccounts;
import be.imio.platform.repository.internal.publisher.PublisherKeys;
import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.VerifyingKey;

/**
 * The publishers in iMio's console, {@code /console/publishers}: each account with its namespaces,
 * its signing key (and whether hosts trust it yet: a key the top-level targets do not delegate to
 * calls for a targets signing ceremony, which the page says) and whether it may release; for an administrator, the form that creates one (its password shown
 * once, on the answer to the form) and, per publisher, a confirmation page that disables it with a
 * reason. The same accounts, checks and audit as the REST API and the shell.
 */
@Component(service = ConsolePage.class)
public final class PublishersPage implements ConsolePage {

    private static final Logger LOG = LoggerFactory.getLogger(PublishersPage.class);
    private static final Pattern DISABLE = Pattern.compile("/([a-z0-9-]{2,63})/disable");

    private final Publishers publishers;
    private final PublisherAccounts accounts;
    private final PublisherKeys keys;
    private final MetadataPublisher metadata;

    @Activate
    public PublishersPage(@Reference Publishers publishers, @Reference PublisherAccounts accounts,
            @Reference RepositoryDatabase database, @Reference MetadataPublisher metadata) {
        this.publishers = publishers;
        this.accounts = accounts;
        this.keys = database.publisherKeys();
        this.metadata = metadata;
    }

    @Override
    public String label() {
        return "publishers";
    }

    @Override
    public String titleKey() {
        return "publishers.title";
    }

    @Override
    public String category() {
        return MAIN;
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public void get(ConsoleRequest request) throws IOException {
        Matcher disable = DISABLE.matcher(request.path());
        if (request.path().isEmpty()) {
            list(request, 200, Map.of(), Map.of(), null);
        } else if (disable.matches() && !request.admin()) {
            request.page(403, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("form.read-only") + "</p>");
        } else if (disable.matches() && accounts.active(disable.group(1))) {
            confirm(request, 200, disable.group(1), "", null);
        } else {
            request.page(404, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.not-found") + "</p>");
        }
    }

    @Override
    public void post(ConsoleRequest request) throws IOException {
        if (!request.admin()) {
            request.page(403, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("form.read-only") + "</p>");
            return;
        }
        String address = (String) request.request().getAttribute(WebContexts.CLIENT_ADDRESS);
        Matcher disable = DISABLE.matcher(request.path());
        try {
            if (request.path().isEmpty()) {
                create(request, address);
            } else if (disable.matches()) {
                String reason = Reasons.of(ConsoleForm.value(request, "reason"));
                if (reason == null) {
                    confirm(request, 400, disable.group(1), ConsoleForm.value(request, "reason"),
                            request.text("releases.revoke.reason-missing"));
                } else if (!accounts.disable(disable.group(1), reason, request.user(), address)) {
                    list(request, 409, Map.of(), Map.of(), request.text("publishers.not-disabled", disable.group(1)));
                } else {
                    request.seeOther("/console/publishers?disabled=" + disable.group(1));
                }
            } else {
                request.page(404, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                        + request.html("releases.not-found") + "</p>");
            }
        } catch (IllegalStateException e) {
            LOG.error("Console page {} failed: {}", request.request().getRequestURI(), e.getMessage(), e);
            request.page(503, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
        }
    }

    private void create(ConsoleRequest request, String address) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("account", ConsoleForm.value(request, "account"));
        values.put("namespaces", ConsoleForm.value(request, "namespaces"));
        List<String> namespaces = values.get("namespaces").isEmpty() ? List.of()
                : List.of(values.get("namespaces").split("[,\\s]+"));
        String password;
        try {
            password = accounts.create(values.get("account"), namespaces, request.user(), address);
        } catch (PublisherAccounts.Invalid e) {
            list(request, 400, values, Map.of(e.field(), e.words().in(request.language())), null);
            return;
        }
        request.page(201, request.text("publishers.created.title"), label(), "<section role=\"status\"><p class=\"notice\">"
                + request.html("publishers.created", values.get("account")) + "</p><p><label for=\"password\">"
                + request.html("publishers.password") + "</label><input id=\"password\" readonly value=\"" + escape(password)
                + "\" class=\"secret\"></p><p>" + request.html("publishers.password-once") + "</p></section>"
                + "<p><a href=\"/console/publishers\">" + request.html("publishers.back") + "</a></p>");
    }

    private void confirm(ConsoleRequest request, int status, String account, String reason, String error)
            throws IOException {
        StringBuilder html = new StringBuilder(2048).append("<p>").append(request.html("publishers.disable.explain", account))
                .append("</p><form id=\"disable-form\" method=\"post\" action=\"/console/publishers/").append(escape(account))
                .append("/disable\">").append(request.csrfField());
        ConsoleForm.text(html, request, "reason", "hosts.disable.reason", null, Map.of("reason", reason),
                error == null ? Map.of() : Map.of("reason", error), "required maxlength=\"500\"");
        html.append("<div class=\"actions\"><button id=\"confirm\" type=\"submit\">").append(request.html("hosts.disable.confirm"))
                .append("</button><a class=\"button secondary\" href=\"/console/publishers\">").append(request.html("form.cancel"))
                .append("</a></div></form>");
        request.page(status, request.text("publishers.disable.title", account), label(), html.toString());
    }

    private void list(ConsoleRequest request, int status, Map<String, String> values, Map<String, String> errors,
            String alert) throws IOException {
        StringBuilder html = new StringBuilder(8192);
        String disabled = request.request().getParameter("disabled");
        if (alert != null) {
            html.append("<p class=\"error\" role=\"alert\">").append(escape(alert)).append("</p>");
        } else if (disabled != null && disabled.matches("[a-z0-9-]{2,63}")) {
            html.append("<p class=\"notice\" role=\"status\">").append(request.html("publishers.disabled-notice", disabled))
                    .append("</p>");
        }
        Map<String, java.util.Set<String>> all = new TreeMap<>(publishers.all());
        Map<String, VerifyingKey> signing;
        Map<String, java.util.Set<String>> delegated;
        try {
            signing = keys.all();
            delegated = metadata.delegatedKeyIds();
        } catch (java.sql.SQLException | MetadataException e) {
            LOG.error("Console page {} failed: the publishers' keys cannot be read: {}", request.request().getRequestURI(),
                    e.getMessage(), e);
            request.page(503, request.text("publishers.title"), label(), "<p class=\"error\" role=\"alert\">"
                    + request.html("releases.unavailable") + "</p>");
            return;
        }
        long undelegated = signing.entrySet().stream().filter(key -> !delegated.getOrDefault(key.getKey(),
                java.util.Set.of()).contains(key.getValue().id())).count();
        if (undelegated > 0) {
            // Hosts do not trust these keys until the top-level targets delegate to them.
            html.append("<p id=\"ceremony-due\" class=\"notice\" role=\"status\">").append(request.html(
                    metadata.offlineTargets() ? "publishers.ceremony-due" : "publishers.role-due", undelegated)).append("</p>");
        }
        if (all.isEmpty()) {
            html.append("<p id=\"no-publisher\">").append(request.html("publishers.none")).append("</p>");
        } else {
            html.append("<table id=\"publishers\"><caption>").append(request.html("publishers.caption", all.size()))
                    .append("</caption><thead><tr><th scope=\"col\">").append(request.html("publishers.column.account"))
                    .append("</th><th scope=\"col\">").append(request.html("publishers.column.namespaces"))
                    .append("</th><th scope=\"col\">").append(request.html("publishers.column.key"))
                    .append("</th><th scope=\"col\">").append(request.html("hosts.column.state")).append("</th></tr></thead><tbody>");
            all.forEach((account, namespaces) -> {
                boolean active = accounts.active(account);
                html.append("<tr data-publisher=\"").append(escape(account)).append("\"><th scope=\"row\">")
                        .append(escape(account)).append("</th><td>").append(escape(String.join(", ",
                                namespaces.stream().sorted().toList()))).append("</td><td>");
                VerifyingKey key = signing.get(account);
                if (key == null) {
                    html.append(request.html("publishers.key.none"));
                } else {
                    boolean trusted = delegated.getOrDefault(account, java.util.Set.of()).contains(key.id());
                    html.append("<code>").append(escape(key.id().substring(0, 12))).append("</code> <span class=\"key\" data-key=\"")
                            .append(trusted ? "delegated" : "awaiting").append("\">").append(request.html(trusted
                                    ? "publishers.key.delegated" : "publishers.key.awaiting")).append("</span>");
                }
                html.append("</td><td><span class=\"state\" data-state=\"")
                        .append(active ? "UP" : "DOWN").append("\">").append(request.html(active ? "publishers.active"
                                : "publishers.inactive")).append("</span>");
                if (active && request.admin()) {
                    html.append(" <a class=\"disable\" href=\"/console/publishers/").append(escape(account))
                            .append("/disable\">").append(request.html("publishers.disable", account)).append("</a>");
                }
                html.append("</td></tr>");
            });
            html.append("</tbody></table>");
        }
        if (request.admin()) {
            html.append("<section aria-labelledby=\"create-title\"><h2 id=\"create-title\">")
                    .append(request.html("publishers.create.title")).append("</h2>").append(ConsoleForm.summary(request, errors))
                    .append("<form id=\"create-form\" method=\"post\" action=\"/console/publishers\">")
                    .append(request.csrfField());
            ConsoleForm.text(html, request, "account", "publishers.create.account", "hosts.register.id-hint", values, errors,
                    "required maxlength=\"63\" autocomplete=\"off\"");
            ConsoleForm.text(html, request, "namespaces", "publishers.create.namespaces", "publishers.create.namespaces-hint",
                    values, errors, "required");
            html.append("<div class=\"actions\"><button id=\"create\" type=\"submit\">").append(request.html("publishers.create.submit"))
                    .append("</button></div></form></section>");
        }
        request.page(status, request.text("publishers.title"), label(), html.toString());
    }
}
