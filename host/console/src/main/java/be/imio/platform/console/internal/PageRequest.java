package be.imio.platform.console.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsoleRequest;

/**
 * A request as a console page sees it, as its context left it: the user, roles and anti-forgery
 * token it admitted, the language it chose; texts from the page's own bundle; the frame from
 * {@link ConsoleFrame}.
 */
final class PageRequest implements ConsoleRequest {

    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Logger LOG = LoggerFactory.getLogger(PageRequest.class);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final String path;
    private final Texts texts;
    private final ConsoleFrame frame;
    private final Locale language;
    private final Set<String> roles;

    @SuppressWarnings("unchecked")
    PageRequest(HttpServletRequest request, HttpServletResponse response, String path, Texts texts, ConsoleFrame frame) {
        this.request = request;
        this.response = response;
        this.path = path;
        this.texts = texts;
        this.frame = frame;
        Object asked = request.getAttribute(WebContexts.LANGUAGE);
        this.language = asked instanceof Locale locale ? locale : Texts.FRENCH;
        Object given = request.getAttribute(WebContexts.ROLES);
        this.roles = given instanceof Set<?> set ? Set.copyOf((Set<String>) set) : Set.of();
    }

    @Override
    public HttpServletRequest request() {
        return request;
    }

    @Override
    public HttpServletResponse response() {
        return response;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Locale language() {
        return language;
    }

    @Override
    public String user() {
        return request.getRemoteUser();
    }

    @Override
    public Set<String> roles() {
        return roles;
    }

    @Override
    public boolean admin() {
        return roles.contains(WebContexts.ADMIN);
    }

    @Override
    public String csrf() {
        Object token = request.getAttribute(WebContexts.CSRF);
        return token instanceof String text ? text : "";
    }

    @Override
    public String csrfField() {
        return "<input type=\"hidden\" name=\"" + WebContexts.CSRF_FIELD + "\" value=\"" + Html.escape(csrf()) + "\">";
    }

    @Override
    public String text(String key, Object... arguments) {
        String text = texts.get(language, key, arguments);
        if (text.equals(key)) {
            // Texts gives the key itself for a text it lacks: a defect of the page's bundle, which
            // ConsoleLanguagesTest looks for in the code, logged here in case one slips through.
            LOG.warn("Console text '{}' is missing from the texts of the page {}", key, request.getRequestURI());
        }
        return text;
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{(\\d{1,2})}");

    @Override
    public String html(String key, Object... arguments) {
        // One pass, as Texts fills its own: an argument holding "{3}" (a reason a commune typed) is
        // shown as typed, never filled in turn with another argument.
        java.util.regex.Matcher placeholder = PLACEHOLDER.matcher(Html.escape(text(key)));
        StringBuilder html = new StringBuilder();
        while (placeholder.find()) {
            int index = Integer.parseInt(placeholder.group(1));
            String replacement = index < arguments.length ? Html.escape(String.valueOf(arguments[index]))
                    : placeholder.group();
            placeholder.appendReplacement(html, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(html);
        return html.toString();
    }

    @Override
    public String dateTime(Instant instant) {
        return dateTime(instant, language);
    }

    /** {@link #dateTime(Instant)} for {@code language}. */
    static String dateTime(Instant instant, Locale language) {
        return instant == null ? "—" : BelgianFormats.dateTime(language, instant);
    }

    @Override
    public void page(int status, String title, String current, String main) throws IOException {
        frame.write(this, status, title, current, main);
    }

    @Override
    public void seeOther(String location) throws IOException {
        ConsoleHtml.seeOther(response, location);
    }
}
