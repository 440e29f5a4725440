package be.imio.platform.web.whiteboard;

/**
 * Service registered by the platform's web bundle for each HTTP Whiteboard context the web
 * container has taken: the default context and each context the platform registers
 * ({@code be.imio.platform.api.WebContexts}). Its property {@link #NAME} holds the context's name
 * ({@code osgi.http.whiteboard.context.name}, OSGi Compendium 140.2). It is registered once the
 * container's runtime lists the context among its {@code ServletContextDTO}s
 * ({@code HttpServiceRuntime.getRuntimeDTO()}, 140.9), and unregistered when the context goes.
 *
 * <p>A platform servlet, filter or error page that references this service, with the target
 * {@code (imio.web.context=<name>)}, reaches the Whiteboard only after its context. Pax Web 8
 * registers twice a Whiteboard service that arrives before its context while the container is
 * starting; the second copy waits as a shadowed duplicate and, when the service goes, the
 * container maps the same servlet twice and fails ("Multiple servlets map to path").
 */
public interface LiveContext {

    /** Service property: the name of the context that is live, as {@code osgi.http.whiteboard.context.name}. */
    String NAME = "imio.web.context";

    /** The name of the default context, which the Whiteboard implementation registers itself. */
    String DEFAULT = "default";

    /** The context's name, as in {@link #NAME}. */
    String name();
}
