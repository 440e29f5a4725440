package be.imio.platform.api.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Html;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.internal.PlainFrame;
import be.imio.platform.api.internal.SdkTexts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.json.JsonFields;

/**
 * One request to a {@link Route}, with what answering it takes: its path parameters, its language
 * ({@link Languages#of}), the module's texts in that language, and answers in JSON or HTML. Valid
 * for the request it was made for only.
 */
public final class Call {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Map<String, String> parameters;
    private final Texts texts;
    private final Route route;
    private final List<Route> listed;
    private Locale language;
    private boolean problemsShown;
    private String confirmed;

    Call(HttpServletRequest request, HttpServletResponse response, Map<String, String> parameters, Texts texts,
            Route route, List<Route> listed) {
        this.request = request;
        this.response = response;
        this.parameters = Map.copyOf(parameters);
        this.texts = texts;
        this.route = route;
        this.listed = List.copyOf(listed);
    }

    public HttpServletRequest request() {
        return request;
    }

    public HttpServletResponse response() {
        return response;
    }

    /** The path segment that matched {@code {name}} in the route's pattern; null when there is none. */
    public String path(String name) {
        return parameters.get(name);
    }

    /** The query parameter {@code name}, stripped; "" when absent. */
    public String query(String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value.strip();
    }

    /** The logged-in account's name (null on a citizens' page). */
    public String user() {
        return request.getRemoteUser();
    }

    /**
     * True when the account may change things (it holds {@link WebContexts#ADMIN}); false for a
     * viewer and on a citizens' page. Pages show their forms only then.
     *
     * @since 1.1
     */
    public boolean admin() {
        return request.getAttribute(WebContexts.ROLES) instanceof java.util.Set<?> roles
                && roles.contains(WebContexts.ADMIN);
    }

    /**
     * True for a citizens' page: the path is {@code /public} or below ({@link WebContexts#PUBLIC_SEGMENT}).
     *
     * @since 1.1
     */
    public boolean open() {
        String path = request.getPathInfo();
        return path != null && (path.equals("/" + WebContexts.PUBLIC_SEGMENT)
                || path.startsWith("/" + WebContexts.PUBLIC_SEGMENT + "/"));
    }

    /**
     * The address of {@code path} (a route's pattern filled in, {@code /mails/2026-12}) within this
     * module, from the site's root: {@code /modules/courrier/mails/2026-12}. Not escaped.
     *
     * @since 1.1
     */
    public String href(String path) {
        return request.getContextPath() + request.getServletPath() + path;
    }

    /** The language the request is answered in. */
    public Locale language() {
        if (language == null) {
            language = Languages.of(request);
        }
        return language;
    }

    /** The module's text {@code key}, with {@code arguments}, in the request's language. */
    public String text(String key, Object... arguments) {
        return texts.get(language(), key, arguments);
    }

    /** The module's text {@code key} with {@code arguments}, not yet in words: for a field's problem or an error. */
    public Message message(String key, Object... arguments) {
        return texts.message(key, arguments);
    }

    /** Answers {@code status} with {@code body} (see {@link JsonAnswers#send}). */
    public void json(int status, JsonNode body) throws IOException {
        JsonAnswers.send(response, status, body);
    }

    /** Answers {@code status} with the error {@code code} and the module's text {@code key} (see {@link JsonAnswers#error}). */
    public void error(int status, String code, String key, Object... arguments) throws IOException {
        error(status, code, message(key, arguments));
    }

    /** Answers {@code status} with the error {@code code} and {@code message} (see {@link JsonAnswers#error}). */
    public void error(int status, String code, Message message) throws IOException {
        JsonAnswers.error(request, response, status, code, message);
    }

    /** Answers 400 naming each field of {@code fields} to correct (see {@link JsonAnswers#invalid}). */
    public void invalid(JsonFields fields) throws IOException {
        JsonAnswers.invalid(request, response, fields);
    }

    /**
     * The JSON body of a state change, or null once the request is answered (not an administrator,
     * not JSON, unreadable): see {@link JsonAnswers#adminChange}.
     */
    public JsonNode adminChange(int maxBytes) throws IOException {
        return JsonAnswers.adminChange(request, response, maxBytes);
    }

    /**
     * Answers 200 with {@code main} (HTML the module escaped) under {@code title} (text) in the
     * platform's frame: see {@link #page(int, String, String)}.
     *
     * @since 1.1
     */
    public void page(String title, String main) throws IOException {
        page(200, title, main);
    }

    /**
     * Answers {@code status} with {@code main} (HTML the module escaped) under {@code title} (text)
     * in the platform's {@link PageFrame} (the console's header, navigation, style and language
     * switch; the public variant on a citizens' page), with the module's {@linkplain Route#listed
     * listed} pages as its own navigation (the public ones on a citizens' page, the others on a
     * staff page), the route answering marked as the current one. Without a frame (no console),
     * a plain page with the same title, language switch and skip link.
     *
     * @since 1.1
     */
    public void page(int status, String title, String main) throws IOException {
        boolean open = open();
        List<PageFrame.Link> links = new ArrayList<>();
        for (Route page : listed) {
            boolean publicPage = page.pattern().equals("/" + WebContexts.PUBLIC_SEGMENT)
                    || page.pattern().startsWith("/" + WebContexts.PUBLIC_SEGMENT + "/");
            if (publicPage == open) {
                links.add(new PageFrame.Link(href(page.pattern()), text(page.listedAs()), page == route));
            }
        }
        String documentTitle = problemsShown ? SdkTexts.TEXTS.get(language(), "page.with_problems", title)
                : confirmed != null ? SdkTexts.TEXTS.get(language(), "page.confirmed", confirmed, title) : title;
        PageFrame.Page page = new PageFrame.Page(status, title, documentTitle, main, links, open);
        if (request.getAttribute(PageFrame.ATTRIBUTE) instanceof PageFrame frame) {
            frame.write(request, response, page);
        } else {
            PlainFrame.write(request, response, page, language());
        }
    }

    /**
     * The fields of a form a page of this module posted, as a JSON object (each field's value as
     * text, a field given more than once as an array of texts; the anti-forgery field left out),
     * for the same checks as the JSON API's ({@link JsonFields#ofForm}); or null once the request
     * is answered with a page saying why: 403 when the account is no administrator, 415 when the
     * body is not a form ({@code application/x-www-form-urlencoded}). The host has already
     * checked, before the module's servlet ran, that a form comes from this site with the
     * session's anti-forgery token ({@link #formField()}).
     *
     * @since 1.1
     */
    public ObjectNode form() throws IOException {
        if (!admin()) {
            page(403, SdkTexts.TEXTS.get(language(), "page.refused"), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(SdkTexts.TEXTS.get(language(), "error.forbidden")) + "</p>");
            return null;
        }
        String type = request.getContentType();
        if (type == null || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/x-www-form-urlencoded")) {
            page(415, SdkTexts.TEXTS.get(language(), "page.refused"), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(SdkTexts.TEXTS.get(language(), "error.form_required")) + "</p>");
            return null;
        }
        ObjectNode fields = Json.object();
        for (Map.Entry<String, String[]> field : request.getParameterMap().entrySet()) {
            if (field.getKey().equals(WebContexts.CSRF_FIELD)) {
                continue;
            }
            String[] values = field.getValue();
            if (values.length == 1) {
                fields.put(field.getKey(), values[0]);
            } else {
                ArrayNode all = fields.putArray(field.getKey());
                for (String value : values) {
                    all.add(value);
                }
            }
        }
        return fields;
    }

    /** A {@link Form} of this page shows problems: the page's title says so first ({@link PageFrame.Page#documentTitle}). */
    void problemsShown() {
        problemsShown = true;
    }

    /**
     * The fields of a search form ({@link Form#searching()}): the address's query parameters as a
     * JSON object of texts (the first value of each; {@code lang} left out), read with
     * {@link JsonFields#ofForm} and shown again with {@link Form#values}. Empty without a query.
     *
     * @since 1.1
     */
    public ObjectNode queryFields() {
        ObjectNode fields = Json.object();
        if (request.getQueryString() != null) {
            for (Map.Entry<String, String[]> field : request.getParameterMap().entrySet()) {
                if (!field.getKey().equals("lang") && field.getValue().length > 0) {
                    fields.put(field.getKey(), field.getValue()[0]);
                }
            }
        }
        return fields;
    }

    /**
     * The hidden field that carries the session's anti-forgery token for this module's forms
     * (request attribute {@link WebContexts#FORM_TOKEN}), as HTML; "" without a session. Every form
     * that posts a change carries it: the host refuses a form without it. {@link Form} adds it.
     *
     * @since 1.1
     */
    public String formField() {
        Object token = request.getAttribute(WebContexts.FORM_TOKEN);
        return token instanceof String value ? "<input type=\"hidden\" name=\"" + WebContexts.CSRF_FIELD
                + "\" value=\"" + Html.escape(value) + "\">" : "";
    }

    /**
     * 303 See Other to {@code path} within this module ({@link #href}): after a form succeeded,
     * the browser fetches the page that confirms it with a GET (a reload sends nothing twice).
     *
     * @since 1.1
     */
    public void seeOther(String path) throws IOException {
        response.setStatus(303);
        response.setHeader("Location", href(path));
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * The confirmation of the change that led to this page, as a status message people and screen
     * readers are told of ({@code <p class="notice" role="status">}): the module's text
     * {@code done.<name>} when the address says {@code ?done=<name>} ({@link #seeOther} after a
     * form); "" when it says nothing or names no text of the module (what an address says is never
     * shown as such).
     *
     * @since 1.1
     */
    public String confirmation() {
        String done = query("done");
        String words = done.matches("[a-z_]{1,30}") ? text("done." + done) : null;
        if (words == null || words.equals("done." + done)) {
            return "";
        }
        confirmed = words;
        return "<p class=\"notice\" role=\"status\">" + Html.escape(words) + "</p>";
    }

    /**
     * Answers 200 with {@code html}, a whole page written in the request's language (its
     * {@code <html lang>} says so; so does the {@code Content-Language} header set here).
     */
    public void html(String html) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", language().getLanguage());
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
