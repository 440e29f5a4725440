package be.imio.platform.commune.internal.mount;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;

import org.osgi.framework.ServiceReference;

/** A module servlet's configuration: its module's name, the modules context, its {@code servlet.init.*} properties. */
public final class ModuleServletConfig implements ServletConfig {

    private static final String INIT_PREFIX = "servlet.init.";

    private final String name;
    private final ServletContext context;
    private final Map<String, String> parameters = new TreeMap<>();

    ModuleServletConfig(String module, ServletContext context, ServiceReference<?> reference) {
        this.name = module;
        this.context = context;
        for (String key : reference.getPropertyKeys()) {
            if (key.startsWith(INIT_PREFIX)) {
                parameters.put(key.substring(INIT_PREFIX.length()), String.valueOf(reference.getProperty(key)));
            }
        }
    }

    @Override
    public String getServletName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String key) {
        return parameters.get(key);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }
}
