package be.imio.platform.repository.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/be.imio.platform.repository.metadata.cfg}: how long signed documents stay valid. */
@ObjectClassDefinition(name = "iMio central repository: signed metadata",
        description = "Lifetimes of the signed documents; each is signed again when half of it has passed.")
@interface MetadataConfig {

    String PID = "be.imio.platform.repository.metadata";

    @AttributeDefinition(name = "Timestamp lifetime (hours)",
            description = "Short: a host that cannot get a fresh timestamp notices within this time")
    int timestampHours() default 24;

    @AttributeDefinition(name = "Snapshot lifetime (days)")
    int snapshotDays() default 30;

    @AttributeDefinition(name = "Targets lifetime (days)")
    int targetsDays() default 90;

    @AttributeDefinition(name = "Root lifetime (days)", description = "A new root needs the root key")
    int rootDays() default 365;

    @AttributeDefinition(name = "Check interval (minutes)", description = "How often expiries are checked")
    int checkMinutes() default 10;
}
