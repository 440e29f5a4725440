package be.imio.platform.repository.internal.publisher;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.web.Languages;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * REST for publishers, under {@code /api/repository/publishers} (logged-in staff): {@code GET}
 * lists them with their namespaces; {@code POST {"account": "...", "namespaces": ["be.imio.solutions"]}}
 * creates one (admin) and answers its password, once; {@code POST .../ACCOUNT/disable} with
 * {@code {"reason": "..."}} disables it (admin): its uploads are refused from then on.
 * {@code PUT .../ACCOUNT/key} with the publisher's public key, as The Update Framework writes one
 * ({@code {"keytype": "ed25519", "scheme": "ed25519", "keyval": {"public": "<64 hex>"}}}), registers
 * the key its releases are signed with (admin); the listing gives each publisher's {@code keyId}
 * and whether the published top-level targets delegate to it ({@code keyDelegated}: false until the
 * next targets signing ceremony, when the top-level targets are offline).
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.publishers")
@HttpWhiteboardServletPattern("/repository/publishers/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class PublishersApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final java.util.regex.Pattern DISABLE = java.util.regex.Pattern.compile("/([a-z0-9-]{2,63})/disable");
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("/([a-z0-9-]{2,63})/key");

    private final transient Publishers publishers;
    private final transient PublisherAccounts accounts;
    private final transient PublisherKeys keys;
    private final transient be.imio.platform.repository.internal.release.ReleaseDesk desk;
    private final transient be.imio.platform.repository.internal.metadata.MetadataPublisher metadata;

    @Activate
    public PublishersApi(@Reference Publishers publishers, @Reference PublisherAccounts accounts,
            @Reference be.imio.platform.repository.internal.RepositoryDatabase database,
            @Reference be.imio.platform.repository.internal.release.ReleaseDesk desk,
            @Reference be.imio.platform.repository.internal.metadata.MetadataPublisher metadata) {
        this.metadata = metadata;
        this.publishers = publishers;
        this.accounts = accounts;
        this.keys = database.publisherKeys();
        this.desk = desk;
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        java.util.regex.Matcher key = KEY.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!key.matches()) {
            refuse(request, response, 404, "not_found", "publisher.action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 4096);
        if (body == null) {
            return;
        }
        String account = key.group(1);
        if (!publishers.all().containsKey(account)) {
            refuse(request, response, 404, "unknown_publisher", "publisher.unknown", account);
            return;
        }
        be.imio.platform.trust.VerifyingKey publicKey;
        try {
            publicKey = be.imio.platform.trust.VerifyingKey.fromJson(body);
        } catch (be.imio.platform.trust.MetadataException e) {
            refuse(request, response, 400, "bad_key", "publisher.bad-key", e.getMessage());
            return;
        }
        java.util.Set<String> overlapping = be.imio.platform.repository.internal.metadata.TargetsSplit.overlapping(account,
                publishers.all());
        if (!overlapping.isEmpty()) {
            refuse(request, response, 409, "namespace_overlap", "release.role-overlap",
                    String.join(", ", publishers.namespacesOf(account)), String.join(", ", overlapping));
            return;
        }
        try {
            java.util.Map<String, be.imio.platform.trust.VerifyingKey> registered = keys.all();
            registered.remove(account);
            if (registered.size() >= be.imio.platform.trust.Delegations.MAX_ROLES) {
                refuse(request, response, 409, "too_many_keys", "publisher.too-many-keys", registered.size());
                return;
            }
            keys.set(account, publicKey, request.getRemoteUser(), (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            // The delegation to the publisher's role names its key from now on.
            desk.signed().publishTargets();
        } catch (java.sql.SQLException | be.imio.platform.trust.MetadataException e) {
            refuse(request, response, 503, "unavailable", "problem.accounts-unavailable", e.getMessage());
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().put("account", account).put("keyId", publicKey.id())
                .put("message", Languages.words(request, RepositoryTexts.message("publisher.key-set", account,
                        publicKey.id())::in)));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            java.util.Map<String, be.imio.platform.trust.VerifyingKey> signing = keys.all();
            java.util.Map<String, java.util.Set<String>> delegated = metadata.delegatedKeyIds();
            new TreeMap<>(publishers.all()).forEach((account, namespaces) -> {
                com.fasterxml.jackson.databind.node.ObjectNode entry = list.addObject().put("account", account)
                        .put("active", accounts.active(account));
                if (signing.containsKey(account)) {
                    entry.put("keyId", signing.get(account).id());
                    // Hosts trust the key once the top-level targets delegate to it (a ceremony, when offline).
                    entry.put("keyDelegated", delegated.getOrDefault(account, java.util.Set.of())
                            .contains(signing.get(account).id()));
                } else {
                    entry.putNull("keyId");
                }
                ArrayNode names = entry.putArray("namespaces");
                namespaces.stream().sorted().forEach(names::add);
            });
        } catch (IllegalStateException | java.sql.SQLException | be.imio.platform.trust.MetadataException e) {
            refuse(request, response, 503, "unavailable", "problem.accounts-unavailable", e.getMessage());
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().set("publishers", list));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        java.util.regex.Matcher disable = DISABLE.matcher(path);
        if (!path.equals("/") && !disable.matches()) {
            refuse(request, response, 404, "not_found", "publisher.action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 4096);
        if (body == null) {
            return;
        }
        if (disable.matches()) {
            String reason = be.imio.platform.repository.internal.Reasons.of(body.path("reason").asText(""));
            try {
                if (reason == null) {
                    refuse(request, response, 400, "reason_required", "publisher.disable-reason");
                } else if (!accounts.disable(disable.group(1), reason, request.getRemoteUser(),
                        (String) request.getAttribute(WebContexts.CLIENT_ADDRESS))) {
                    refuse(request, response, 409, "no_change", "publisher.not-disabled");
                } else {
                    send(response, 200, JsonNodeFactory.instance.objectNode().put("account", disable.group(1))
                            .put("active", false));
                }
            } catch (IllegalStateException e) {
                refuse(request, response, 503, "unavailable", "problem.accounts-unavailable", e.getMessage());
            }
            return;
        }
        List<String> namespaces = new ArrayList<>();
        body.path("namespaces").forEach(ns -> namespaces.add(ns.asText()));
        try {
            String account = body.path("account").asText("");
            String password = accounts.create(account, namespaces, request.getRemoteUser(),
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            send(response, 201, JsonNodeFactory.instance.objectNode().put("account", account).put("password", password)
                    .put("message", Languages.words(request, RepositoryTexts.message("publisher.password-once")::in)));
        } catch (PublisherAccounts.Invalid e) {
            refuse(request, response, 400, "bad_publisher", e.words());
        } catch (IllegalStateException e) {
            refuse(request, response, 503, "unavailable", "problem.accounts-unavailable", e.getMessage());
        }
    }
}
