package be.imio.platform.api.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Html;
import be.imio.platform.api.web.PageFrame;

/**
 * Not exported. A module's page when no platform frame is there (a unit test, a host without its
 * console): the same document structure (language, title, skip link, language switch, the
 * module's links, main) without the console's header and navigation.
 */
public final class PlainFrame {

    private PlainFrame() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, PageFrame.Page page,
            Locale language) throws IOException {
        StringBuilder links = new StringBuilder();
        for (PageFrame.Link link : page.links()) {
            links.append("<li><a href=\"").append(Html.escape(link.href())).append('"')
                    .append(link.current() ? " aria-current=\"page\"" : "").append('>').append(Html.escape(link.text()))
                    .append("</a></li>");
        }
        String html = "<!DOCTYPE html>\n<html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                + Html.escape(page.title()) + "</title></head><body><a class=\"skip-link\" href=\"#main\">"
                + Html.escape(SdkTexts.TEXTS.get(language, "page.skip")) + "</a><header><p>"
                + Html.languageLinks(language) + "</p></header>"
                + (links.length() == 0 ? "" : "<nav aria-label=\"" + Html.escape(SdkTexts.TEXTS.get(language, "page.module"))
                + "\"><ul>" + links + "</ul></nav>")
                + "<main id=\"main\" tabindex=\"-1\"><h1>" + Html.escape(page.title()) + "</h1>" + page.main()
                + "</main></body></html>\n";
        response.setStatus(page.status());
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", language.getLanguage());
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
