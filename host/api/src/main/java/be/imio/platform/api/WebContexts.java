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
 */
public final class WebContexts {

    /** Context under {@code /api}: logged-in staff only. */
    public static final String API = "imio.api";
    /** Context under {@code /repository/maven}: public reads, publishers write. */
    public static final String PUBLISH = "imio.publish";
    /** Request attribute: the {@code Set<String>} of the logged-in account's roles. */
    public static final String ROLES = "be.imio.platform.roles";

    /** The role that may change things. */
    public static final String ADMIN = "admin";
    /** The role that may read everything. */
    public static final String VIEWER = "viewer";

    private WebContexts() {
    }
}
