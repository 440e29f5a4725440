package be.imio.platform.commune.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.lifecycle.ModuleEngine;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * The web console of a commune host, under {@code /console/}: server-rendered pages for staff,
 * French first. The console's context has already checked the session, and for a POST the
 * anti-forgery token and the administrator role; this servlet only routes to the pages.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.CONSOLE + ")"))
@HttpWhiteboardServletName("imio.console")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.CONSOLE + ")")
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);
    /** A module by short name or as {@code GROUP:ARTIFACT}. */
    static final String NAME = ModuleId.REFERENCE;
    private static final Pattern MODULE_PAGE = Pattern.compile("/catalogue/(" + NAME + ")");
    private static final Pattern MODULE_ACTION = Pattern.compile("/modules/(" + NAME + ")/([a-z]+)");
    private static final Pattern OPERATION = Pattern.compile("/operations/(\\d{1,18})(\\.json)?");

    private final transient ConsoleHost host;

    @Activate
    public ConsoleServlet(@Reference ModuleEngine engine, @Reference CatalogueSync sync,
            @Reference HostSettings settings, @Reference(target = "(" + HealthCheck.MODULE + "=host)") HealthCheck health,
            @Reference(target = "(" + HealthCheck.MODULE + "=backups)") HealthCheck backups,
            @Reference PlatformInstance instance, @Reference HostSettingsService hostSettings, BundleContext context) {
        this.host = new ConsoleHost(engine, sync, settings, health, backups, instance, context, hostSettings);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleView view = new ConsoleView(request, response);
        String path = path(request);
        try {
            Matcher module = MODULE_PAGE.matcher(path);
            Matcher action = MODULE_ACTION.matcher(path);
            Matcher operation = OPERATION.matcher(path);
            if (path.equals("/") || path.isEmpty()) {
                ConsoleDashboard.show(host, view);
            } else if (path.equals("/catalogue")) {
                ConsoleCatalogue.list(host, view);
            } else if (module.matches()) {
                ConsoleCatalogue.module(host, view, module.group(1));
            } else if (path.equals("/modules")) {
                ConsoleModules.list(host, view);
            } else if (action.matches() && ConsoleModules.action(action.group(2)) != null) {
                ConsoleModules.confirm(host, view, action.group(1), ConsoleModules.action(action.group(2)));
            } else if (operation.matches()) {
                long id = Long.parseLong(operation.group(1));
                if (operation.group(2) != null) {
                    ConsoleOperations.json(host, view, id);
                } else {
                    ConsoleOperations.show(host, view, id);
                }
            } else if (path.equals("/activity")) {
                ConsoleOperations.activity(host, view);
            } else if (path.equals("/settings")) {
                ConsoleSettings.show(host, view);
            } else {
                host.problem(view, 404, "problem.this-page-does-not-exist");
            }
        } catch (SQLException e) {
            unavailable(view, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleView view = new ConsoleView(request, response);
        String path = path(request);
        if (!view.admin) {
            // The console's context refuses such a POST already; a page that changes things checks
            // again itself, so that no routing mistake can ever let a change through.
            LOG.warn("Refused console POST {} of '{}' from {}: not an administrator", path, view.user,
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            host.problem(view, 403, "problem.this-account-may-read-but-2");
            return;
        }
        if (!fromThisConsole(request, view.csrf)) {
            // The context refuses such a request already (ConsoleContext); checked again here for
            // the same reason as the role.
            LOG.warn("Refused console POST {} of '{}' from {}: not from this host's console (Origin {}, token or"
                    + " query)", path, view.user,
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS), request.getHeader("Origin"));
            host.problem(view, 403, "problem.this-request-does-not-come");
            return;
        }
        try {
            Matcher action = MODULE_ACTION.matcher(path);
            if (path.equals("/sync")) {
                // Never parked behind a sync already running: the dashboard shows where it stands.
                host.sync().trySyncNow();
                view.seeOther("/console/");
            } else if (action.matches() && ConsoleModules.action(action.group(2)) != null) {
                ConsoleModules.submit(host, view, action.group(1), ConsoleModules.action(action.group(2)));
            } else if (path.equals("/settings")) {
                ConsoleSettings.save(host, view);
            } else {
                host.problem(view, 404, "problem.this-page-does-not-exist");
            }
        } catch (SQLException e) {
            unavailable(view, e);
        }
    }

    /**
     * True when a change comes from a page of this host's console: {@code Origin} is this host (or,
     * without one, {@code Sec-Fetch-Site: same-origin}), the address has no query, and the
     * session's anti-forgery token {@code csrf} came in the form's body (or the {@code X-CSRF-Token}
     * header), never in the address. The same rule as the console's context, kept here too.
     */
    static boolean fromThisConsole(HttpServletRequest request, String csrf) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        boolean site = origin == null || origin.equals("null") ? "same-origin".equals(request.getHeader("Sec-Fetch-Site"))
                : host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
        if (!site || request.getQueryString() != null || csrf == null || csrf.isEmpty() || csrf.equals("null")) {
            return false;
        }
        String token = request.getHeader("X-CSRF-Token");
        if (token == null) {
            token = request.getParameter(WebContexts.CSRF_FIELD);
        }
        return token != null && java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void unavailable(ConsoleView view, SQLException e) throws IOException {
        LOG.error("Console page {} failed: {}", view.request.getRequestURI(), e.getMessage(), e);
        host.problem(view, 503, "problem.the-host-s-database-does");
    }

    private static String path(HttpServletRequest request) {
        return request.getPathInfo() == null ? "/" : request.getPathInfo();
    }
}
