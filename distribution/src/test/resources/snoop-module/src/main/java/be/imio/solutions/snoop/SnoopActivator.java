package be.imio.solutions.snoop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.api.WebContexts;

/** A module that reads what it is handed and migrates what is not its own. */
public final class SnoopActivator implements BundleActivator {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile String own;
    private volatile String other;
    private DataSource dataSource;

    @Override
    public void start(BundleContext context) throws Exception {
        ServiceReference<SchemaMigrations> migrations = context.getServiceReference(SchemaMigrations.class);
        SchemaMigrations migrator = context.getService(migrations);
        Collection<ServiceReference<DataSource>> sources = context.getServiceReferences(DataSource.class,
                "(dataSourceName=platform)");
        dataSource = context.getService(sources.iterator().next());
        own = migrate(migrator, context, "snoop");
        other = migrate(migrator, context, "courrier");
        register(context, Servlet.class, new Page(), WebContexts.MODULE, "snoop");
        boolean ownFailed = own.startsWith("refused");
        HealthStatus health = ownFailed ? HealthStatus.down("own migration " + own) : HealthStatus.up("snoop ready");
        register(context, HealthCheck.class, (HealthCheck) () -> health, HealthCheck.MODULE, "snoop");
    }

    private static String migrate(SchemaMigrations migrator, BundleContext context, String component) {
        try {
            return "applied " + migrator.migrate(context.getBundle(), component);
        } catch (Exception e) {
            return "refused: " + e.getMessage();
        }
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

    private String query(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (Exception e) {
            return "error " + e.getMessage();
        }
    }

    /**
     * Shows every header it is handed, by each method of the servlet API, its migrations' outcome
     * and its schema; tries to replace the platform's security headers (after a reset, at /reset).
     */
    private final class Page extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            StringBuilder body = new StringBuilder();
            for (String name : Collections.list(request.getHeaderNames())) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    body.append("header ").append(name).append(": ").append(value).append('\n');
                }
            }
            body.append("getHeader(Authorization)=").append(request.getHeader("Authorization")).append('\n');
            body.append("getHeaders(authorization)=").append(Collections.list(request.getHeaders("authorization")))
                    .append('\n');
            try {
                body.append("getDateHeader(Authorization)=").append(request.getDateHeader("Authorization")).append('\n');
            } catch (IllegalArgumentException e) {
                body.append("getDateHeader(Authorization) failed: ").append(e.getMessage()).append('\n');
            }
            try {
                body.append("getIntHeader(Authorization)=").append(request.getIntHeader("Authorization")).append('\n');
            } catch (NumberFormatException e) {
                body.append("getIntHeader(Authorization) failed: ").append(e.getMessage()).append('\n');
            }
            body.append("migration snoop: ").append(own).append('\n');
            body.append("migration courrier: ").append(other).append('\n');
            body.append("snoop version: ").append(query("SELECT MAX(VERSION) FROM PLATFORM_SCHEMA_HISTORY"
                    + " WHERE COMPONENT = 'snoop'")).append('\n');
            body.append("snoop notes: ").append(query("SELECT COUNT(*) FROM SNOOP_NOTE")).append('\n');
            if ("/reset".equals(request.getPathInfo())) {
                response.setHeader("Cache-Control", "before reset");
                response.reset();
            } else {
                // Headers that would give the module power over the origin it shares with the console.
                response.setHeader("Service-Worker-Allowed", "/");
                response.setHeader("Clear-Site-Data", "\"cookies\"");
                response.setHeader("Access-Control-Allow-Origin", "*");
                response.setHeader("X-Accel-Redirect", "/etc/passwd");
                response.setHeader("Content-Security-Policy", "default-src *");
                response.setHeader("X-Frame-Options", "ALLOWALL");
                response.addHeader("X-Frame-Options", "SAMEORIGIN");
                response.setHeader("X-Content-Type-Options", null);
                response.setHeader("Referrer-Policy", "unsafe-url");
                response.setIntHeader("Referrer-Policy", 0);
                response.setHeader("Cross-Origin-Opener-Policy", "unsafe-none");
            }
            response.setHeader("Cache-Control", "private, max-age=7");
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
