package be.imio.platform.commune.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import be.imio.platform.api.WebContexts;

/**
 * The modules' own entries in the console's navigation: every module servlet registered now
 * with {@code imio.menu.fr} (and {@code imio.menu.en}) gets one, so a module that is swapped or
 * disabled appears and goes with its servlet.
 */
public final class ModuleMenu {

    record Entry(String module, String fr, String en) {
    }

    private static final String FILTER = "(&(" + WebContexts.MODULE + "=*)(" + WebContexts.MENU_FR + "=*))";

    private ModuleMenu() {
    }

    static List<Entry> entries(BundleContext context) {
        List<Entry> entries = new ArrayList<>();
        try {
            var references = context.getServiceReferences(Servlet.class, FILTER);
            for (ServiceReference<Servlet> reference : references) {
                String module = String.valueOf(reference.getProperty(WebContexts.MODULE));
                String fr = String.valueOf(reference.getProperty(WebContexts.MENU_FR));
                Object en = reference.getProperty(WebContexts.MENU_EN);
                if (module.matches("[A-Za-z0-9_.-]{1,200}") && entries.stream().noneMatch(e -> e.module().equals(module))) {
                    entries.add(new Entry(module, fr, en == null ? fr : String.valueOf(en)));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        entries.sort(Comparator.comparing(Entry::fr, String.CASE_INSENSITIVE_ORDER));
        return entries;
    }
}
