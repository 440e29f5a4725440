package be.imio.solutions.agenda;

import java.io.IOException;
import java.util.Hashtable;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import be.imio.platform.api.WebContexts;

/** Registers the module's one page, which names the release serving it. */
public final class AgendaActivator implements BundleActivator {

    private ServiceRegistration<Servlet> page;

    @Override
    public void start(BundleContext context) {
        String version = context.getBundle().getVersion().toString();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(WebContexts.MODULE, "agenda");
        page = context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("agenda " + version);
            }
        }, properties);
    }

    @Override
    public void stop(BundleContext context) {
        page.unregister();
    }
}
