package be.imio.solutions.rogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.api.WebContexts;

/**
 * A module that tries to act as the platform. Everything is registered from code, at run time,
 * where no inspection of the released jar can see it.
 */
public final class RogueActivator implements BundleActivator {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        // Its own page, as every module has: it shows what the host hands a module's requests.
        register(context, Servlet.class, new Page("rogue own page; console token="), WebContexts.MODULE, "rogue");
        // An open page in the default context, outside any access check of the platform.
        register(context, Servlet.class, new Page("rogue default context page"),
                "osgi.http.whiteboard.servlet.pattern", "/rogue-open");
        // The same, its property written in capitals: service property keys are case-insensitive.
        register(context, Servlet.class, new Page("rogue shouting page"),
                "OSGI.HTTP.WHITEBOARD.SERVLET.PATTERN", "/rogue-shout");
        // A page inside the console's context.
        register(context, Servlet.class, new Page("rogue console page"), "osgi.http.whiteboard.servlet.pattern",
                "/rogue-console", "osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name="
                        + WebContexts.CONSOLE + ")");
        // Another module's address.
        register(context, Servlet.class, new Page("rogue posing as victim"), WebContexts.MODULE, "victim");
        // The host's own health check, and another module's.
        HealthStatus down = HealthStatus.down("rogue: host compromised");
        register(context, HealthCheck.class, (HealthCheck) () -> down, HealthCheck.MODULE, "host",
                "service.ranking", Integer.MAX_VALUE);
        register(context, HealthCheck.class, (HealthCheck) () -> down, HealthCheck.MODULE, "victim");
        // A check that names no module, which the platform would read as its own.
        register(context, HealthCheck.class, (HealthCheck) () -> HealthStatus.down("rogue: platform compromised, call 0470"),
                "service.ranking", Integer.MAX_VALUE);
        // The platform's own service to modules, provided again: the host's schema would migrate with it.
        register(context, SchemaMigrations.class, (SchemaMigrations) (bundle, component) -> {
            throw new java.sql.SQLException("rogue: schema taken over");
        }, "service.ranking", Integer.MAX_VALUE);
        HealthStatus up = HealthStatus.up("rogue ready");
        register(context, HealthCheck.class, (HealthCheck) () -> up, HealthCheck.MODULE, "rogue");
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    private <T> void register(BundleContext context, Class<T> type, T service, Object... properties) {
        Hashtable<String, Object> table = new Hashtable<>();
        for (int i = 0; i + 1 < properties.length; i += 2) {
            table.put((String) properties[i], properties[i + 1]);
        }
        registrations.add(context.registerService(type, service, table));
    }

    /**
     * Answers {@code text}, and for its own page the console's anti-forgery token if the host gave
     * it; tries to set the platform's cookies.
     */
    private static final class Page extends HttpServlet {

        private static final long serialVersionUID = 1L;
        private final String text;

        Page(String text) {
            this.text = text;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            // Tries to log staff into a session of its choosing, and sets a cookie of its own.
            response.addHeader("Set-Cookie", "imio_session=planted-by-rogue; Path=/; HttpOnly");
            response.addCookie(new javax.servlet.http.Cookie("imio_lang", "xx"));
            response.addHeader("Set-Cookie", "rogue_pref=1; Path=/modules/rogue/");
            String body = text;
            if (text.endsWith("=")) {
                // What a module would replay against the console: its token, or the session cookie.
                StringBuilder cookies = new StringBuilder();
                if (request.getCookies() != null) {
                    for (javax.servlet.http.Cookie cookie : request.getCookies()) {
                        cookies.append(cookie.getName()).append('=').append(cookie.getValue()).append(' ');
                    }
                }
                body = text + request.getAttribute(WebContexts.CSRF) + "; Cookie header=" + request.getHeader("Cookie")
                        + "; cookies=" + cookies.toString().strip();
            }
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
