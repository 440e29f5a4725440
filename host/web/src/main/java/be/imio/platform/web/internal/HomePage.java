package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.PlatformRole;
import be.imio.platform.api.Texts;
import be.imio.platform.api.web.Languages;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * The public front page of an instance: which role it runs and where to go next. Any other path
 * that nothing else serves gets a plain "not found" page in the same style.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardServletName("imio.home")
@HttpWhiteboardServletPattern("/")
public final class HomePage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformInstance instance;

    @Activate
    public HomePage(@Reference PlatformInstance instance) {
        this.instance = instance;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean home = path.isEmpty() || path.equals("/");
        response.setStatus(home ? 200 : 404);
        response.setContentType("text/html;charset=UTF-8");
        Locale language = Languages.of(request);
        Texts texts = WebTexts.TEXTS;
        String title = "iMio — " + texts.get(language,
                instance.role() == PlatformRole.REPOSITORY ? "home.role.repository" : "home.role.host");
        String name = instance.displayName().isBlank() ? "" : "<p class=\"name\">" + Text.html(instance.displayName()) + "</p>";
        String body = home
                ? name + "<p>" + Text.html(texts.get(language, "home.running")) + "</p>"
                  + "<ul><li><a href=\"/console/\">" + Text.html(texts.get(language, "home.console")) + "</a></li>"
                  + "<li><a href=\"/api/status\">" + Text.html(texts.get(language, "home.status")) + "</a></li></ul>"
                : "<p>" + Text.html(texts.get(language, "home.not-found")) + "</p>"
                  + "<p><a href=\"/\">" + Text.html(texts.get(language, "home.back")) + "</a></p>";
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Text.html(title) + "</title></head>"
                + "<body><main><h1>" + Text.html(title) + "</h1>" + body + "</main></body></html>\n");
    }
}
