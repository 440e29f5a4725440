package be.imio.platform.commune.internal.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import be.imio.platform.api.WebContexts;
import be.imio.platform.console.api.ConsoleMenu;

/**
 * The modules' own entries in the console's navigation: every module servlet registered now
 * with {@code imio.menu.fr} (and {@code imio.menu.en}) gets one, so a module that is swapped or
 * disabled appears and goes with its servlet. A module names its entry in French, English and
 * German ({@code imio.menu.de}); a language it does not name shows the French.
 */
@Component(service = ConsoleMenu.class)
public final class ModuleMenu implements ConsoleMenu {

    /** A module's entry as its servlet names it. */
    record Named(String module, String fr, String en, String de) {
    }

    private static final String FILTER = "(&(" + WebContexts.MODULE + "=*)(" + WebContexts.MENU_FR + "=*))";

    private final BundleContext context;

    @Activate
    public ModuleMenu(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<Entry> entries(Locale language) {
        return named(context).stream().map(n -> new Entry("/modules/" + n.module() + "/", switch (language.getLanguage()) {
            case "en" -> n.en();
            case "de" -> n.de();
            default -> n.fr();
        }, n.module())).toList();
    }

    static List<Named> named(BundleContext context) {
        List<Named> entries = new ArrayList<>();
        try {
            var references = context.getServiceReferences(Servlet.class, FILTER);
            for (ServiceReference<Servlet> reference : references) {
                String module = String.valueOf(reference.getProperty(WebContexts.MODULE));
                String fr = String.valueOf(reference.getProperty(WebContexts.MENU_FR));
                Object en = reference.getProperty(WebContexts.MENU_EN);
                Object de = reference.getProperty(WebContexts.MENU_DE);
                if (module.matches("[A-Za-z0-9_.-]{1,200}") && entries.stream().noneMatch(e -> e.module().equals(module))) {
                    // A module that names no German entry is shown in French to German readers.
                    entries.add(new Named(module, fr, en == null ? fr : String.valueOf(en), de == null ? fr : String.valueOf(de)));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        entries.sort(Comparator.comparing(Named::fr, String.CASE_INSENSITIVE_ORDER));
        return entries;
    }
}
