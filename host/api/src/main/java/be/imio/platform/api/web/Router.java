package be.imio.platform.api.web;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Html;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.internal.SdkTexts;
import be.imio.platform.api.json.JsonAnswers;

/**
 * The dispatch of a module servlet's requests: each request goes to the first {@link Route} whose
 * pattern matches its path and whose method is the request's (HEAD as GET), routes that later
 * releases {@link #add add} first, then the servlet's own in the order given. What no route answers
 * is answered in the request's language: 404 {@code not_found} for an unknown path, 405
 * {@code method_not_allowed} (with {@code Allow}) for a known path and another method, 503
 * {@code unavailable} when a handler throws {@link SQLException}; in JSON to a program, and as a
 * page in the platform's frame to a browser that asks for HTML outside {@code /api/}.
 *
 * <pre>
 * router = new Router(texts).unavailable("error.unavailable")
 *         .route(Route.get("/", this::page))
 *         .route(Route.post("/api/notes", this::add))
 *         .route(Route.get("/api/notes/{id:\\d{1,18}}", this::one));
 * protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
 *     router.serve(request, response);
 * }
 * </pre>
 *
 * Thread-safe: routes may be added and removed while requests are served.
 */
public final class Router {

    private final Texts texts;
    private final List<Route> own = new CopyOnWriteArrayList<>();
    private final Map<Object, List<Route>> added = new ConcurrentHashMap<>();
    private volatile Message unavailable = SdkTexts.message("error.unavailable");

    /** A router whose calls speak with {@code texts}, the module's own. */
    public Router(Texts texts) {
        this.texts = texts;
    }

    /** Adds one of the servlet's own routes, after those already given. */
    public Router route(Route route) {
        own.add(route);
        return this;
    }

    /** The module's text {@code key} says why it is unavailable (503), instead of the SDK's general one. */
    public Router unavailable(String key) {
        unavailable = texts.message(key);
        return this;
    }

    /**
     * Adds {@code routes} on behalf of {@code owner} (a component of a later release, bound to the
     * servlet), tried before the servlet's own, until {@link #remove(Object)}.
     */
    public void add(Object owner, Collection<Route> routes) {
        added.put(owner, List.copyOf(routes));
    }

    /** Removes the routes added on behalf of {@code owner}. */
    public void remove(Object owner) {
        added.remove(owner);
    }

    /**
     * The routes {@linkplain Route#listed listed} in the module's navigation: the servlet's own in
     * their order, then those later releases added, by pattern. A page a later release answers in
     * place of the servlet's own (the same pattern) keeps the own one's place, under its new text.
     */
    private List<Route> listed(List<Route> routes) {
        List<Route> added = routes.stream().filter(r -> r.listedAs() != null && !own.contains(r))
                .sorted(java.util.Comparator.comparing(Route::pattern)).toList();
        List<Route> listed = new ArrayList<>();
        for (Route route : own) {
            if (route.listedAs() != null) {
                listed.add(added.stream().filter(a -> a.pattern().equals(route.pattern())).findFirst().orElse(route));
            }
        }
        added.stream().filter(a -> !listed.contains(a)).forEach(listed::add);
        return listed;
    }

    /** Answers the request: see the class's description. */
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        List<Route> routes = new ArrayList<>();
        added.values().forEach(routes::addAll);
        routes.addAll(own);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.match(path);
            if (parameters == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Call call = new Call(request, response, parameters, texts, route, listed(routes));
            try {
                route.handler().answer(call);
            } catch (SQLException e) {
                if (!response.isCommitted()) {
                    response.reset();
                    refuse(call, 503, "unavailable", unavailable, "page.unavailable");
                }
            }
            return;
        }
        Call call = new Call(request, response, Map.of(), texts, null, listed(routes));
        if (allowed.isEmpty()) {
            refuse(call, 404, "not_found", SdkTexts.message("error.not_found"), "page.not_found");
        } else {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            response.setHeader("Allow", String.join(", ", allowed));
            refuse(call, 405, "method_not_allowed", SdkTexts.message("error.method_not_allowed", request.getMethod()),
                    "page.method");
        }
    }

    /**
     * What no route answers, or a database that does not: to a person's browser (a navigation
     * asking for HTML), a page in the frame that says so and leads to the module's home page; to a
     * program, the JSON error {@code code}.
     */
    private static void refuse(Call call, int status, String code, Message message, String titleKey) throws IOException {
        String accept = call.request().getHeader("Accept");
        String path = call.request().getPathInfo() == null ? "/" : call.request().getPathInfo();
        if (accept != null && accept.contains("text/html") && !path.startsWith("/api/")) {
            call.page(status, SdkTexts.TEXTS.get(call.language(), titleKey), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(message.in(call.language())) + "</p><p><a href=\"" + Html.escape(call.href(call.open()
                    ? "/" + WebContexts.PUBLIC_SEGMENT + "/" : "/")) + "\">"
                    + Html.escape(SdkTexts.TEXTS.get(call.language(), "page.home")) + "</a></p>");
        } else {
            call.error(status, code, message);
        }
    }
}
