package be.imio.platform.commune.internal.settings;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** {@code etc/be.imio.platform.host.cfg}: where the host syncs from, what it trusts, its update policy. */
@ObjectClassDefinition(name = "iMio commune host",
        description = "Central repository, trusted root, channel, update policy and limits of this host")
public @interface HostConfig {

    String PID = "be.imio.platform.host";

    @AttributeDefinition(name = "Central repository URL", description = "For example https://depot.imio.be")
    String repositoryUrl() default "";

    @AttributeDefinition(name = "Trusted root fingerprint",
            description = "SHA-256 (hex) of the repository's first root metadata, given by iMio out of band")
    String rootFingerprint() default "";

    @AttributeDefinition(name = "Channel", options = {
            @Option(value = "stable", label = "stable"), @Option(value = "testing", label = "testing")})
    String channel() default "stable";

    @AttributeDefinition(name = "Update policy", description = "Default for every module", options = {
            @Option(value = "manual", label = "manual"), @Option(value = "automatic", label = "automatic"),
            @Option(value = "security", label = "security fixes only")})
    String policy() default "manual";

    @AttributeDefinition(name = "Maintenance window",
            description = "When automatic updates may run, local time, for example 02:00-05:00; empty: any time")
    String maintenanceWindow() default "";

    @AttributeDefinition(name = "Sync interval (seconds)")
    int syncIntervalSeconds() default 300;

    @AttributeDefinition(name = "Fleet report address", description = "The central repository's own address,"
            + " the only one the host's credential is sent to; https, or http on this machine only")
    String reportUrl() default "";

    @AttributeDefinition(name = "Fleet report interval (seconds)", description = "A report goes at once when what"
            + " the host runs changes, and at least this often otherwise")
    int reportIntervalSeconds() default 300;

    @AttributeDefinition(name = "Host id at the repository", description = "Given by iMio with its credential")
    String hostId() default "";

    @AttributeDefinition(name = "Host credential at the repository", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String hostToken() default "";

    @AttributeDefinition(name = "Health wait (seconds)",
            description = "How long an enabled or updated module has to become healthy before it is rolled back")
    int healthTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Swap wait (seconds)",
            description = "How long a request to a module being updated waits for it before it gets 503 (0: no wait)")
    int swapWaitSeconds() default 10;

    @AttributeDefinition(name = "Requests waiting during a swap",
            description = "At most this many requests wait at once for modules being updated; the others get 503")
    int swapMaxWaiting() default 100;

    @AttributeDefinition(name = "Download time limit (seconds)")
    int downloadTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Largest artifact (MB)")
    int downloadMaxMegabytes() default 64;
}
