package be.imio.platform.console.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.web.PageFrame;
import be.imio.platform.console.api.ConsoleMenu;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * Every page of the console under {@code /console/}: routes each request to the
 * {@link ConsolePage} service whose label is the address's first segment, in the frame with the
 * navigation of the pages registered now. The console's context has already checked the session,
 * and for a POST the origin, the anti-forgery token and the administrator role; this servlet
 * checks the last two again, so that no routing mistake can ever let a change through, and turns
 * a page's failure into a page that says so.
 */
// Registered only once its context is live: see LiveContext.
// Also the frame of modules' pages (PageFrame): it needs the navigation this servlet keeps, and
// exists while the console does; without it modules write plain pages.
@Component(service = {Servlet.class, PageFrame.class}, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.CONSOLE + ")"))
@HttpWhiteboardServletName("imio.console")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.CONSOLE + ")")
public final class ConsoleServlet extends HttpServlet implements PageFrame {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    /** A page service with the texts of its bundle. */
    record Registered(ConsolePage page, Texts texts) {
    }

    private final transient ConsoleHtml html;
    private final transient PlatformInstance instance;
    private final transient List<Registered> pages = new CopyOnWriteArrayList<>();
    private final transient List<ConsoleMenu> menus = new CopyOnWriteArrayList<>();

    @Activate
    public ConsoleServlet(BundleContext context, @Reference PlatformInstance instance) {
        this(Texts.of(context.getBundle(), "console"), instance);
    }

    /** {@code texts}: this bundle's console texts. */
    ConsoleServlet(Texts texts, PlatformInstance instance) {
        this.html = new ConsoleHtml(texts);
        this.instance = instance;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPage(ConsolePage page, ServiceReference<ConsolePage> reference) {
        pages.add(new Registered(page, Texts.of(reference.getBundle(), "console")));
    }

    void removePage(ConsolePage page) {
        pages.removeIf(registered -> registered.page() == page);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMenu(ConsoleMenu menu) {
        menus.add(menu);
    }

    void removeMenu(ConsoleMenu menu) {
        menus.remove(menu);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale language = language(request);
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof java.util.Set<?> set && set.contains(WebContexts.ADMIN))) {
            LOG.warn("Refused console POST {} of '{}' from {}: not an administrator", request.getRequestURI(),
                    request.getRemoteUser(), request.getAttribute(WebContexts.CLIENT_ADDRESS));
            html.refuse(response, 403, language, "refused.viewer");
            return;
        }
        if (!ChangeCheck.fromThisConsole(request, (String) request.getAttribute(WebContexts.CSRF))) {
            LOG.warn("Refused console POST {} of '{}' from {}: not from this host's console (Origin {}, token or query)",
                    request.getRequestURI(), request.getRemoteUser(), request.getAttribute(WebContexts.CLIENT_ADDRESS),
                    request.getHeader("Origin"));
            html.refuse(response, 403, language, "refused.csrf");
            return;
        }
        serve(request, response, true);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        String label = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String below = slash < 0 ? "" : path.substring(slash);
        Locale language = language(request);
        java.util.Set<String> roles = roles(request);
        List<Navigation.Item> navigation = navigation(language, roles);
        boolean staff = roles.stream().anyMatch(ConsolePage.STAFF::contains);
        ConsoleFrame frame = new ConsoleFrame(html, instance.displayName(), navigation,
                staff ? menu(language) : List.of());
        Optional<Registered> target = pages.stream().filter(p -> p.page().label().equals(label)).findFirst();
        if (target.isPresent() && roles.stream().noneMatch(target.get().page().roles()::contains)) {
            // Not one of this account's pages (a publisher asking for the fleet): as if it were not there.
            LOG.warn("Refused console {} {} of '{}' from {}: none of the page's roles", request.getMethod(),
                    request.getRequestURI(), request.getRemoteUser(), request.getAttribute(WebContexts.CLIENT_ADDRESS));
            problem(new PageRequest(request, response, below, html.texts(), frame), 404, "problem.not-found");
            return;
        }
        if (target.isEmpty()) {
            List<Navigation.Item> listed = Navigation.ordered(navigation);
            if (path.equals("/") && !post && !listed.isEmpty()) {
                // No home page of its own (the central repository): the first page of the navigation.
                ConsoleHtml.seeOther(response, listed.get(0).href());
                return;
            }
            problem(new PageRequest(request, response, below, html.texts(), frame), 404, "problem.not-found");
            return;
        }
        Registered registered = target.get();
        PageRequest page = new PageRequest(request, response, below, registered.texts(), frame);
        try {
            if (post) {
                registered.page().post(page);
            } else {
                registered.page().get(page);
            }
        } catch (RuntimeException e) {
            LOG.error("Console page {} failed: {}", request.getRequestURI(), e.toString(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                problem(new PageRequest(request, response, below, html.texts(), frame), 500, "problem.failed");
            }
        }
    }

    /** A module's page in the console's frame: see {@link ModuleFrame}. */
    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, PageFrame.Page page) throws IOException {
        Locale language = ModuleFrame.language(request);
        java.util.Set<String> roles = roles(request);
        boolean staff = !page.open() && roles.stream().anyMatch(ConsolePage.STAFF::contains);
        // The modules' entries name a module's own navigation on citizens' pages too; only staff get the console's.
        new ModuleFrame(html, instance.displayName(), staff ? navigation(language, roles) : List.of(), menu(language))
                .write(request, response, page, language);
    }

    /** A page saying, in the frame, why nothing else can be shown. */
    private void problem(PageRequest page, int status, String key) throws IOException {
        page.page(status, page.text("problem.title"), null, "<p class=\"error\" role=\"alert\">" + page.html(key)
                + "</p><p><a href=\"/console/\">" + page.html("back") + "</a></p>");
    }

    /** The roles of the account the request comes from, as the console's context admitted it. */
    private static java.util.Set<String> roles(HttpServletRequest request) {
        Object roles = request.getAttribute(WebContexts.ROLES);
        return roles instanceof java.util.Set<?> set ? set.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()) : java.util.Set.of();
    }

    /** The pages registered now that an account of {@code roles} may open, named in {@code language}. */
    private List<Navigation.Item> navigation(Locale language, java.util.Set<String> roles) {
        return pages.stream().filter(p -> roles.stream().anyMatch(p.page().roles()::contains))
                .map(p -> new Navigation.Item(p.page().label(),
                p.texts().get(language, p.page().titleKey()), p.page().category(), p.page().order())).toList();
    }

    private List<ConsoleMenu.Entry> menu(Locale language) {
        return menus.stream().flatMap(m -> m.entries(language).stream()).toList();
    }

    private static Locale language(HttpServletRequest request) {
        Object asked = request.getAttribute(WebContexts.LANGUAGE);
        return asked instanceof Locale locale ? locale : Texts.FRENCH;
    }
}
