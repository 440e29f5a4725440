package be.imio.platform.commune.internal.mount;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;

/**
 * What became of each module servlet the host was offered: mounted under {@code /modules/NAME/},
 * or failed to start ({@code init} threw), with the reason. The dispatcher records it; the health
 * wait reads it, so that a release whose pages cannot start is rolled back at once rather than
 * reported as a success that answers 503 for ever.
 */
@Component(service = ModuleServlets.class)
public final class ModuleServlets {

    /** What became of one servlet service. */
    public sealed interface Fate permits Mounting, Mounted, Failed {
    }

    /** Being got and started: its component's start-up may take a while. */
    public record Mounting() implements Fate {
    }

    /** Mounted: its pages are served. */
    record Mounted() implements Fate {
    }

    /** Its {@code init} failed, for {@code reason} (the exception's class and message). */
    public record Failed(String reason) implements Fate {
    }

    /** By service id. */
    private final Map<Long, Fate> fates = new ConcurrentHashMap<>();
    /**
     * True while the dispatcher follows modules' servlets: the web container starts it with its
     * first request, and until then no servlet's fate is known (nor needed: nothing is served).
     */
    private volatile boolean following;

    public void following(boolean following) {
        this.following = following;
    }

    /** True when the fate of every servlet offered from now on is recorded as it is offered. */
    public boolean following() {
        return following;
    }

    void mounting(ServiceReference<?> servlet) {
        fates.put(id(servlet), new Mounting());
    }

    void mounted(ServiceReference<?> servlet) {
        fates.put(id(servlet), new Mounted());
    }

    void failed(ServiceReference<?> servlet, Throwable cause) {
        fates.put(id(servlet), new Failed(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
    }

    void removed(ServiceReference<?> servlet) {
        fates.remove(id(servlet));
    }

    /** What became of {@code servlet}; null while the dispatcher has not dealt with it yet. */
    public Fate fate(ServiceReference<?> servlet) {
        return fates.get(id(servlet));
    }

    private static Long id(ServiceReference<?> servlet) {
        return (Long) servlet.getProperty(Constants.SERVICE_ID);
    }
}
