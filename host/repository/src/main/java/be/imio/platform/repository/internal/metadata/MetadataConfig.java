package be.imio.platform.repository.internal.metadata;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/be.imio.platform.repository.metadata.cfg}: how long signed documents stay valid, how
 * large targets may grow and how much disk each publisher's files may take (see {@link MetadataBudget}),
 * and how many old versions are kept.
 */
@ObjectClassDefinition(name = "iMio central repository: signed metadata",
        description = "Lifetimes of the signed documents; each is signed again when half of it has passed."
                + " Budgets that keep the targets document below what hosts download.")
public @interface MetadataConfig {

    String PID = "be.imio.platform.repository.metadata";

    @AttributeDefinition(name = "Timestamp lifetime (hours)",
            description = "Short: a host that cannot get a fresh timestamp notices within this time")
    int timestampHours() default 24;

    @AttributeDefinition(name = "Snapshot lifetime (days)")
    int snapshotDays() default 30;

    @AttributeDefinition(name = "Releases lifetime (days)", description = "The online role that says what is"
            + " offered (channel, revocation, rollout); with online top-level targets, theirs")
    int targetsDays() default 90;

    @AttributeDefinition(name = "Top-level targets lifetime (days)", description = "Top-level targets signed"
            + " offline (imio:targets-sign): sign them again before they expire")
    int offlineTargetsDays() default 365;

    @AttributeDefinition(name = "Top-level targets key", description = "offline: written to offline-keys/"
            + " with the root keys, publishers sign their own releases (the default); online: kept on the"
            + " server, which signs every release itself, as repositories created before publisher signing;"
            + " read at the first start only")
    String targetsKey() default "offline";

    @AttributeDefinition(name = "Root lifetime (days)", description = "A new root needs the root keys")
    int rootDays() default 365;

    @AttributeDefinition(name = "Root keys", description = "How many root keys a new repository creates"
            + " (offline-keys/root-N.key), each for a different person; read at the first start only")
    int rootKeys() default 3;

    @AttributeDefinition(name = "Root threshold", description = "How many of the root keys must sign a root;"
            + " read at the first start only (imio:root-sign --threshold changes it later)")
    int rootThreshold() default 2;

    @AttributeDefinition(name = "Check interval (minutes)", description = "How often expiries are checked")
    int checkMinutes() default 10;

    @AttributeDefinition(name = "Targets entries per publisher",
            description = "Most entries one publisher may have in signed targets (about 4 per module release:"
                    + " jar, pom, features XML, texts)")
    int publisherMaxTargets() default 2000;

    @AttributeDefinition(name = "Targets kilobytes per publisher",
            description = "Most canonical JSON one publisher's entries may take in signed targets")
    int publisherMaxKilobytes() default 1024;

    @AttributeDefinition(name = "Targets kilobytes in all",
            description = "Most the signed part of targets may take; keep it below the hosts' 8 MB metadata limit")
    int targetsMaxKilobytes() default 6144;

    @AttributeDefinition(name = "Stored megabytes per publisher",
            description = "Most disk one publisher's released files may take, archives and what they carry included"
                    + " (2048: 2 GiB)")
    int publisherMaxMegabytes() default 2048;

    @AttributeDefinition(name = "Module names per publisher",
            description = "Most module names one publisher may hold: the artifactIds of its bundles, and the"
                    + " artifactIds and features of its features XMLs")
    int publisherMaxNames() default 200;

    @AttributeDefinition(name = "Free space kept (MB)",
            description = "Below this much free space on the disk of data/repository, releases are refused (507"
                    + " storage_full) and health is DEGRADED; metadata can still be signed again")
    int minFreeMegabytes() default 256;

    @AttributeDefinition(name = "Versions kept",
            description = "How many published versions of targets and of snapshot are kept (every root is kept)")
    int keepVersions() default 10;
}
