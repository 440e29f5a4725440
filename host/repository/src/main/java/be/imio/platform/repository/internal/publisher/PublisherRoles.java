package be.imio.platform.repository.internal.publisher;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.metadata.TargetsSplit;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

/**
 * Takes the role a publisher signed on its own machine ({@code publisher-ACCOUNT}: its released
 * files, each pinned by length and SHA-256) and publishes it as it came, once it is checked exactly
 * as hosts will check it and more: signed by the publisher's key, targets metadata without
 * delegations, newer than the one published (but not past the clock in milliseconds, or the
 * published version, by more than a day, so that no role takes a version no host or file name can
 * hold), not expired nor valid for more than
 * {@value #MAX_LIFETIME_DAYS} days, within {@value #MAX_BYTES} bytes, every file inside the
 * publisher's namespaces and released here by it as the role says. Until a file is in its
 * publisher's role, it awaits its signature and no host is offered it.
 */
@Component(service = PublisherRoles.class)
public final class PublisherRoles {

    static final int MAX_LIFETIME_DAYS = 400;
    /** How far above the published version, or above the clock in milliseconds, a role's version may go. */
    public static final long MAX_VERSION_LEAP = Duration.ofDays(1).toMillis();
    static final int MAX_BYTES = 1024 * 1024;

    private final Clock clock = Clock.systemUTC();
    private final RepositoryDatabase database;
    private final Publishers publishers;
    private final MetadataPublisher metadata;
    private final ReleaseDesk desk;

    @Activate
    public PublisherRoles(@Reference RepositoryDatabase database, @Reference Publishers publishers,
            @Reference MetadataPublisher metadata, @Reference ReleaseDesk desk) {
        this.database = database;
        this.publishers = publishers;
        this.metadata = metadata;
        this.desk = desk;
    }

    /**
     * Checks and publishes {@code bytes}, the role {@code account} signed.
     *
     * @return the version published
     * @throws ReleaseRefused saying why, with nothing published: 409 {@code no_signing_key} (the
     *     account has no key or no namespace), 409 {@code namespace_overlap} (one of its namespaces
     *     is, or is above or below, another publisher's), 400 {@code bad_role} (not canonical targets
     *     metadata, delegating, expired, valid too long, too large), 403 {@code bad_signature}, 409
     *     {@code role_version} (not newer than the one published, or too far ahead), 403
     *     {@code outside_namespace}, 409 {@code unknown_target}
     */
    public long accept(String account, byte[] bytes, String address)
            throws ReleaseRefused, SQLException, IOException, MetadataException {
        Optional<VerifyingKey> key = database.publisherKeys().of(account);
        Set<String> namespaces = publishers.namespacesOf(account);
        if (key.isEmpty() || namespaces.isEmpty()) {
            throw new ReleaseRefused(409, "no_signing_key", "release.role-no-key", account);
        }
        Set<String> overlapping = TargetsSplit.overlapping(account, publishers.all());
        if (!overlapping.isEmpty()) {
            throw new ReleaseRefused(409, "namespace_overlap", "release.role-overlap", String.join(", ", namespaces),
                    String.join(", ", overlapping));
        }
        Delegation delegation;
        try {
            delegation = TargetsSplit.delegation(account, key.get(), namespaces);
        } catch (IllegalArgumentException e) {
            throw new ReleaseRefused(409, "namespace_overlap", "release.role-malformed", e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new ReleaseRefused(400, "bad_role", "release.role-malformed", "larger than " + MAX_BYTES + " bytes");
        }
        SignedMetadata role;
        Instant now = clock.instant();
        try {
            role = SignedMetadata.parse(bytes);
            if (role.signed().has("delegations")) {
                throw new MetadataException("a publisher's role delegates to no other role");
            }
            MetadataDocuments.targetsOf(role);
            if (!role.expires().isAfter(now)) {
                throw new MetadataException("version " + role.version() + " has expired");
            }
            if (role.expires().isAfter(now.plus(Duration.ofDays(MAX_LIFETIME_DAYS)))) {
                throw new MetadataException("valid for more than " + MAX_LIFETIME_DAYS + " days");
            }
        } catch (MetadataException e) {
            throw new ReleaseRefused(400, "bad_role", "release.role-malformed", e.getMessage());
        }
        try {
            Delegations.of(java.util.List.of(key.get()), java.util.List.of(delegation)).verifySignatures(role, delegation);
        } catch (MetadataException e) {
            throw new ReleaseRefused(403, "bad_signature", "release.role-signature", e.getMessage());
        }
        for (Target target : MetadataDocuments.targetsOf(role).values()) {
            if (!delegation.covers(target.path())) {
                throw new ReleaseRefused(403, "outside_namespace", "release.role-outside", target.path(),
                        String.join(", ", namespaces));
            }
        }
        desk.signed().acceptRole(account, delegation.name(), role, address);
        return role.version();
    }
}
