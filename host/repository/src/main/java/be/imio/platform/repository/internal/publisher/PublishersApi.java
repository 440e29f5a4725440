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

    private final transient Publishers publishers;
    private final transient PublisherAccounts accounts;

    @Activate
    public PublishersApi(@Reference Publishers publishers, @Reference PublisherAccounts accounts) {
        this.publishers = publishers;
        this.accounts = accounts;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            new TreeMap<>(publishers.all()).forEach((account, namespaces) -> {
                ArrayNode names = list.addObject().put("account", account).put("active", accounts.active(account))
                        .putArray("namespaces");
                namespaces.stream().sorted().forEach(names::add);
            });
        } catch (IllegalStateException e) {
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
