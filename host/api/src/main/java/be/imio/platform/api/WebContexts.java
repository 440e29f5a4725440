package be.imio.platform.api;

/**
 * The platform's HTTP Whiteboard contexts, for servlets of the platform and of modules, and the
 * request attribute that tells them who is logged in.
 *
 * <p>Register a servlet in the API context with the service property
 * {@code osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=imio.api)}: its
 * requests then always come from a logged-in account holding {@link #ADMIN} or {@link #VIEWER}.
 * State changes must check {@link #ADMIN} themselves and accept only {@code application/json}
 * bodies (which a cross-site form cannot send).
 *
 * <p>A module's own pages: the module registers a {@code javax.servlet.Servlet} service with the
 * property {@link #MODULE} naming the module (its feature name), and no HTTP Whiteboard property.
 * The host serves it under {@code /modules/<module>/} as if it were registered there with the
 * pattern {@code /<module>/*} ({@code getServletPath()} is {@code /<module>}); its
 * {@code servlet.init.*} properties are its init parameters. GET and HEAD requests under
 * {@code /modules/<module>/public/} are open to anyone (pages for citizens); every other request
 * comes from a logged-in account, as in the API context. The host, not the web container, routes
 * to the module's servlet of the moment, so a module swapped under load answers its old version,
 * then 503 with {@code Retry-After} for a moment, then its new version, never a 404 or a 500; an
 * old servlet is destroyed only after the requests it serves have ended. {@link ImioModule} and
 * {@link MenuEntry} type these properties; {@code be.imio.platform.api.web.Router} dispatches the
 * servlet's requests.
 */
public final class WebContexts {

    /** Context under {@code /api}: logged-in staff only. */
    public static final String API = "imio.api";
    /** Service property of a module's servlet (and of its health check): the module's name. */
    public static final String MODULE = "imio.module";
    /** Context under {@code /modules}: the modules' own pages, see above. */
    public static final String MODULES = "imio.modules";
    /** Path segment, right after the module's name, of the pages open to anyone. */
    public static final String PUBLIC_SEGMENT = "public";
    /** Context under {@code /repository/maven}: public reads, publishers write. */
    public static final String PUBLISH = "imio.publish";
    /**
     * Context under {@code /console}: the staff's web console. Its requests come from an account
     * logged in with a console session; every POST there carries the session's {@link #CSRF} token
     * and comes from an {@link #ADMIN} (the context refuses anything else before a servlet runs).
     */
    public static final String CONSOLE = "imio.console";
    /** Request attribute in the console context: the session's anti-forgery token, for forms. */
    public static final String CSRF = "be.imio.platform.csrf";
    /** Form field (or header {@code X-CSRF-Token}) that carries {@link #CSRF} back. */
    public static final String CSRF_FIELD = "csrf";
    /**
     * Request attribute: the {@code java.util.Locale} the user reads. In the console context, the
     * one the console chose; in the modules context (since 1.6), the one the reader chose in the
     * console, when they chose one: a module never sees the platform's cookies ({@code imio_*}),
     * so it reads the choice here ({@code be.imio.platform.api.web.Languages#of} does).
     */
    public static final String LANGUAGE = "be.imio.platform.language";
    /** Service properties of a module's servlet: its entry in the console's menu, in French, English and German (see {@link MenuEntry}). */
    public static final String MENU_FR = "imio.menu.fr";
    public static final String MENU_EN = "imio.menu.en";
    /** @since 1.6 */
    public static final String MENU_DE = "imio.menu.de";
    /**
     * Cookie in which a reader's chosen language ({@code fr}, {@code en}, {@code de}) is remembered;
     * module pages honour it after an explicit {@code ?lang} (see {@code be.imio.platform.api.web.Languages}).
     *
     * @since 1.6
     */
    public static final String LANGUAGE_COOKIE = "imio_lang";
    /**
     * Request attribute, in every context: the {@code String} address (an IP literal) of the client
     * that sent the request: the connection's, or the one named in {@code X-Forwarded-For} when the
     * connection comes from one of the instance's trusted reverse proxies. Use it, not
     * {@code getRemoteAddr()}, in logs and audit records.
     */
    public static final String CLIENT_ADDRESS = "be.imio.platform.client";
    /**
     * Request attribute in the modules context: the {@code String} anti-forgery token of this
     * module's forms in the session, which a module's form carries back in the field
     * {@link #CSRF_FIELD} ({@code be.imio.platform.api.web.Form} does). The host refuses, before
     * the module's servlet runs, any body a cross-site form can send
     * ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain})
     * unless it is url-encoded, carries this token, has no query in its address, and comes from an
     * administrator's session. Each module has its own token, and none is the console's
     * ({@link #CSRF}): a module's page never holds the power to change the host or to post another
     * module's forms with its own token.
     *
     * @since 1.7
     */
    public static final String FORM_TOKEN = "be.imio.platform.form-token";
    /** Request attribute: the {@code Set<String>} of the logged-in account's roles. */
    public static final String ROLES = "be.imio.platform.roles";

    /** The role that may change things. */
    public static final String ADMIN = "admin";
    /** The role that may read everything. */
    public static final String VIEWER = "viewer";

    private WebContexts() {
    }
}
