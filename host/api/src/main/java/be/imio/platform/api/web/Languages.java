package be.imio.platform.api.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;

/** The language a request is answered in, one of {@link Texts#LANGUAGES}. */
public final class Languages {

    private Languages() {
    }

    /**
     * The language asked in the address ({@code ?lang=de}), else the one the reader chose in the
     * console and the platform remembers (request attribute {@value WebContexts#LANGUAGE} in a
     * module's page, cookie {@value WebContexts#LANGUAGE_COOKIE} elsewhere), else the first offered one
     * the browser prefers ({@code Accept-Language}), else French. Reads the query string only, never
     * the body.
     */
    public static Locale of(HttpServletRequest request) {
        String asked = query(request.getQueryString(), "lang");
        if ((asked == null || asked.isBlank()) && request.getAttribute(WebContexts.LANGUAGE) instanceof Locale chosen) {
            asked = chosen.getLanguage();
        }
        if (asked == null || asked.isBlank()) {
            asked = cookie(request, WebContexts.LANGUAGE_COOKIE);
        }
        return Texts.language(asked, request.getHeader("Accept-Language"));
    }

    /**
     * The language the request names ({@code ?lang=}, the reader's remembered choice,
     * {@code Accept-Language}: see {@link #of}), or null when it names none, as a program that
     * calls a JSON API often does.
     *
     * @since 1.0
     */
    public static Locale named(HttpServletRequest request) {
        String asked = query(request.getQueryString(), "lang");
        String accepted = request.getHeader("Accept-Language");
        boolean none = (asked == null || asked.isBlank()) && !(request.getAttribute(WebContexts.LANGUAGE) instanceof Locale)
                && cookie(request, WebContexts.LANGUAGE_COOKIE) == null && (accepted == null || accepted.isBlank());
        return none ? null : of(request);
    }

    /**
     * {@code message} in the language the request names; when it names none, in French then
     * English ({@code "français / English"}), as the platform's JSON API has always answered
     * programs, or in French alone when both are the same.
     *
     * @param message the words in a given language, such as {@code Message::in}
     * @since 1.0
     */
    public static String words(HttpServletRequest request, Function<Locale, String> message) {
        return be.imio.platform.api.Message.written(message).forReader(named(request));
    }

    private static String query(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null; // ?lang=% names no language: the others decide, never a failure
                }
            }
        }
        return null;
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : java.util.Arrays.stream(cookies).filter(cookie -> name.equals(cookie.getName()))
                .map(Cookie::getValue).findFirst().orElse(null);
    }
}
