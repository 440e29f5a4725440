package be.imio.platform.api.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
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
    private Locale language;

    Call(HttpServletRequest request, HttpServletResponse response, Map<String, String> parameters, Texts texts) {
        this.request = request;
        this.response = response;
        this.parameters = Map.copyOf(parameters);
        this.texts = texts;
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
     * Answers 200 with {@code html}, a whole page written in the request's language (its
     * {@code <html lang>} says so; so does the {@code Content-Language} header set here).
     */
    public void html(String html) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", language().getLanguage());
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
