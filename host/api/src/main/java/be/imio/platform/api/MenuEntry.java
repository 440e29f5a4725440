package be.imio.platform.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A module servlet's entry in the console's menu, in each language the platform speaks: a
 * component property type (Declarative Services 1.4) giving the properties
 * {@value WebContexts#MENU_FR}, {@value WebContexts#MENU_EN} and {@value WebContexts#MENU_DE}.
 * A servlet without it has no menu entry; its pages still answer.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;ImioModule("courrier")
 * &#64;MenuEntry(fr = "Registre du courrier", en = "Mail registry", de = "Postregister")
 * </pre>
 *
 * @since 1.6
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MenuEntry {

    /** Declarative Services puts this before each element's name: {@code fr} becomes {@code imio.menu.fr}. */
    String PREFIX_ = "imio.menu.";

    /** The entry in French, the console's first language. */
    String fr();

    /** The entry in English. */
    String en();

    /** The entry in German. */
    String de();
}
