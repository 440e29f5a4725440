package be.imio.platform.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/be.imio.platform.cfg}: who this instance is. Written when the instance is created. */
@ObjectClassDefinition(name = "iMio platform instance",
        description = "Role and name of this instance. The role is fixed when the instance is created.")
@interface InstanceConfig {

    String PID = "be.imio.platform";

    @AttributeDefinition(name = "Role", description = "repository or host; cannot change after the first start")
    String role();

    @AttributeDefinition(name = "Display name", description = "Shown on pages, for example the commune's name")
    String displayName() default "";
}
