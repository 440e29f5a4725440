package be.imio.platform.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The module a component speaks for: on a module's servlet, its pages under
 * {@code /modules/<module>/}; on its {@link HealthCheck}, the module whose health it tells. A
 * component property type (Declarative Services 1.4): {@code @ImioModule("courrier")} beside
 * {@code @Component} gives the component the property {@value WebContexts#MODULE}{@code =courrier},
 * checked by the compiler instead of typed in a string. The value is the module's name, its
 * features XML's artifactId; the host hides a service naming another module than its own.
 *
 * @since 1.6
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ImioModule {

    /** The module's name: {@code courrier}. Becomes the property {@value WebContexts#MODULE}. */
    String value();
}
