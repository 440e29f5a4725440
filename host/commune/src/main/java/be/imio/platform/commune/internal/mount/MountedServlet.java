package be.imio.platform.commune.internal.mount;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.Servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module's servlet as the dispatcher serves it: requests enter and leave it, and once it is
 * retired (its module swapped or stopped) it is destroyed when the last request in it has left,
 * never while one is inside.
 */
public final class MountedServlet {

    private static final Logger LOG = LoggerFactory.getLogger(MountedServlet.class);

    private final String module;
    private final Servlet servlet;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile boolean retired;

    MountedServlet(String module, Servlet servlet) {
        this.module = module;
        this.servlet = servlet;
    }

    String module() {
        return module;
    }

    Servlet servlet() {
        return servlet;
    }

    /** True when a request may use the servlet; then {@link #leave()} must follow. */
    boolean enter() {
        inside.incrementAndGet();
        if (retired) {
            leave();
            return false;
        }
        return true;
    }

    void leave() {
        if (inside.decrementAndGet() == 0 && retired) {
            destroyOnce();
        }
    }

    /** No new request enters; the servlet is destroyed once the ones inside have left. */
    void retire() {
        retired = true;
        if (inside.get() == 0) {
            destroyOnce();
        }
    }

    private void destroyOnce() {
        if (destroyed.compareAndSet(false, true)) {
            try {
                servlet.destroy();
            } catch (RuntimeException e) {
                LOG.warn("The servlet of module {} failed to stop: {}", module, e.getMessage());
            }
        }
    }
}
