package be.imio.platform.console.internal;

import java.io.IOException;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.Html;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.access.ContextGate;
import be.imio.platform.web.access.StaffLogin;
import be.imio.platform.web.access.StaffLogins;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * The console's log-in page, its log-out, and its style sheet and script (from this bundle: no
 * page of the console loads anything from outside the host). Passwords are checked by the
 * platform's {@link StaffLogins}, throttled with every other log-in of the instance.
 */
// One servlet for the three, registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.CONSOLE + ")"))
@HttpWhiteboardServletName("imio.console.login")
@HttpWhiteboardServletPattern({"/login", "/logout", "/static/*"})
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.CONSOLE + ")")
public final class ConsoleLogin extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_FIELD = 200;

    /** The form field that carries the log-in page's token ({@link LoginTokens}). */
    static final String TOKEN_FIELD = "login";

    private final transient ConsoleAccess access = ConsoleAccess.INSTANCE;
    private final transient PlatformInstance instance;
    private final transient StaffLogins logins;
    private final transient ContextGate gate;
    private final transient ConsoleHtml html;
    private final transient LoginTokens tokens = new LoginTokens(java.time.Clock.systemUTC());

    @Activate
    public ConsoleLogin(BundleContext context, @Reference PlatformInstance instance, @Reference StaffLogins logins,
            @Reference ContextGate gate) {
        this.html = new ConsoleHtml(Texts.of(context.getBundle(), "console"));
        this.instance = instance;
        this.logins = logins;
        this.gate = gate;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/static".equals(request.getServletPath())) {
            ConsoleAssets.send(request.getPathInfo(), response);
            return;
        }
        if (!"/login".equals(request.getServletPath())) {
            response.sendError(405);
            return;
        }
        Locale language = (Locale) request.getAttribute(WebContexts.LANGUAGE);
        clearWorkers(response);
        String notice = request.getParameter("out") != null ? "login.out"
                : request.getParameter("expired") != null ? "login.expired" : null;
        page(request, response, 200, language, "", notice == null ? ""
                : "<p class=\"notice\" role=\"status\">" + html.html(language, notice) + "</p>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/logout".equals(request.getServletPath())) {
            access.logOut(request, response, gate.clientAddress(request));
            clearWorkers(response);
            ConsoleHtml.seeOther(response, ConsoleContext.PATH + "/login?out=1");
            return;
        }
        if (!gate.admitLogIn(request, response)) {
            return;
        }
        Locale language = (Locale) request.getAttribute(WebContexts.LANGUAGE);
        String user = limit(request.getParameter("username"));
        String password = limit(request.getParameter("password"));
        if (!tokens.valid(request.getParameter(TOKEN_FIELD))) {
            // Not this host's log-in page (or one left open past its validity, or from before a
            // restart): refused before any password is read or counted; the page offers a new form.
            page(request, response, 403, language, user, error(language, "login.token"));
            return;
        }
        if (user.isBlank() || password.isEmpty()) {
            page(request, response, 400, language, user, error(language, "login.missing"));
            return;
        }
        StaffLogin attempt = logins.logIn(user.strip(), password.toCharArray(), gate.clientAddress(request));
        switch (attempt.outcome()) {
            case LOGGED_IN -> {
                // A log-in always starts a new session: whatever cookie came with it is replaced.
                ConsoleAccess.sendCookie(response, access.open(attempt.staff()), gate.overHttps(request));
                clearWorkers(response);
                response.setHeader("Cache-Control", "no-store");
                ConsoleHtml.seeOther(response, next(request.getParameter("next")));
            }
            case THROTTLED -> {
                response.setHeader("Retry-After", Long.toString(Math.max(1, attempt.retryAfter().toSeconds())));
                page(request, response, 429, language, user, error(language, "login.throttled",
                        attempt.retryAfter().toMinutes() + 1));
            }
            case NO_STAFF_ROLE -> page(request, response, 403, language, user, error(language, "login.noRole"));
            default -> page(request, response, 401, language, user, error(language, "login.wrong"));
        }
    }

    /**
     * Asks the browser to drop this origin's stored data, service workers included (Clear-Site-Data,
     * W3C): at each log-in and log-out, a worker a module's page may have registered before the
     * platform refused them is gone. Modules' data kept in the browser goes with it.
     */
    private static void clearWorkers(HttpServletResponse response) {
        response.setHeader("Clear-Site-Data", "\"storage\"");
    }

    private void page(HttpServletRequest request, HttpServletResponse response, int status, Locale language,
            String user, String message) throws IOException {
        String next = request.getParameter("next");
        String name = instance.displayName().isBlank() ? "" : "<p class=\"instance\">" + Html.escape(instance.displayName()) + "</p>";
        html.send(response, status, language, html.text(language, "login.title"), name + message
                + "<form id=\"login-form\" class=\"login\" method=\"post\" action=\"" + ConsoleContext.PATH + "/login\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.escape(next(next)) + "\">"
                + "<input type=\"hidden\" name=\"" + TOKEN_FIELD + "\" value=\"" + tokens.issue() + "\">"
                + "<p><label for=\"username\">" + html.html(language, "login.user") + "</label>"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"" + MAX_FIELD
                + "\" value=\"" + Html.escape(user) + "\"" + (user.isEmpty() ? " autofocus" : "") + "></p>"
                + "<p><label for=\"password\">" + html.html(language, "login.password") + "</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required"
                + " maxlength=\"" + MAX_FIELD + "\"" + (user.isEmpty() ? "" : " autofocus") + "></p>"
                + "<p><button type=\"submit\">" + html.html(language, "login.submit") + "</button></p>"
                + "</form>");
    }

    private String error(Locale language, String key, Object... arguments) {
        return "<p class=\"error\" role=\"alert\">" + html.html(language, key, arguments) + "</p>";
    }

    /** Only a page of the console or of a module: never another site, never a protocol-relative address. */
    static String next(String asked) {
        if (asked != null && (asked.startsWith(ConsoleContext.PATH + "/") || asked.startsWith("/modules/"))
                && !asked.contains("\\") && !asked.contains("..") && asked.chars().noneMatch(c -> c < 0x20)) {
            return asked;
        }
        return ConsoleContext.PATH + "/";
    }

    private static String limit(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value;
    }
}
