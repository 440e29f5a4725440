package be.imio.platform.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/be.imio.platform.backup.cfg}: when and where the instance backs itself up. */
@ObjectClassDefinition(name = "iMio platform backups",
        description = "Daily backup of the instance: configuration, database and the role's files")
@interface BackupConfig {

    String PID = "be.imio.platform.backup";

    @AttributeDefinition(name = "Time", description = "Daily, Brussels time (HH:mm); empty: no scheduled backup")
    String time() default "02:30";

    @AttributeDefinition(name = "Keep", description = "How many backups to keep; older ones are deleted")
    int keep() default 7;

    @AttributeDefinition(name = "Folder", description = "Where backups go; empty: the instance's data/backups."
            + " Prefer another disk")
    String folder() default "";
}
