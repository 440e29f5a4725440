package be.imio.platform.repository.internal.release;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.ReservedNames;
import be.imio.platform.trust.SchemaPrefix;
import be.imio.platform.trust.SafeXml;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.inspection.FeaturesInspection;

/**
 * Who may release under a module name. Karaf knows features by name alone and people know modules
 * by it, so a name belongs to one group: the first to release a features XML claiming it (its
 * artifactId and every feature it defines; see {@link ReleaseLedger#recordAll(List, List,
 * ReleaseLedger.BeforeCommit)}); a bundle's artifactId is its group's too, since a module's bundle
 * is released before its features XML. A pom alone holds no name. Names of different groups never
 * share a table prefix ({@link #checkPrefixes}). The features of the distribution itself (scr,
 * http...) belong to the platform.
 */
public final class ModuleNames {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleNames.class);

    private final ReleaseLedger ledger;
    /** Karaf's features of this distribution, which hosts run too. */
    private final FeaturesService karafFeatures;

    ModuleNames(ReleaseLedger ledger, FeaturesService karafFeatures) {
        this.ledger = ledger;
        this.karafFeatures = karafFeatures;
    }

    /** The group that owns the module name {@code name}; null when none does. */
    String ownerOf(String name) {
        try {
            return ledger.names().ownerOf(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the module names: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a release of {@code maven} whose artifactId is a module name of another group, and a
     * features XML that would claim ({@code claimed}: its artifactId and the features it defines) a
     * name of another group, of the platform, or the artifactId of another group's release.
     */
    void check(MavenPath maven, Set<String> claimed) throws ReleaseRefused {
        Set<String> names = new LinkedHashSet<>(claimed);
        names.add(maven.artifactId());
        for (String name : names) {
            if (ReservedNames.isReserved(name)) {
                throw new ReleaseRefused(409, "name_reserved", "release.name_reserved", name,
                        String.join(", ", ReservedNames.RESERVED));
            }
        }
        for (String name : names) {
            String owner = ownerOf(name);
            if (owner != null && !owner.equals(maven.groupId())) {
                throw taken(name, owner);
            }
        }
        for (String name : claimed) {
            if (platformFeature(name)) {
                throw new ReleaseRefused(409, "name_taken", "release.platform_feature", name);
            }
            try {
                List<String> others = ledger.names().otherGroupsReleasing(name, maven.groupId());
                if (!others.isEmpty()) {
                    throw taken(name, others.get(0));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the releases: " + e.getMessage(), e);
            }
        }
        checkPrefixes(maven.groupId(), names);
    }

    /**
     * Refuses a name whose tables would meet those of a name another group holds
     * ({@link SchemaPrefix#overlap}): a module's schema is named after its artifactId, so
     * {@code aa.evil:courrier-mail} would own {@code COURRIER_MAIL}, the table of
     * {@code be.imio.platform:courrier}, and {@code courrier} every table of {@code courrier-mail}.
     * {@code courrier_mail} and {@code courrier-mail} are one prefix. The names of one group may
     * overlap: a host still lets only one of two overlapping schemas migrate.
     */
    private void checkPrefixes(String groupId, Set<String> names) throws ReleaseRefused {
        List<NameLedger.HeldName> others;
        try {
            others = ledger.names().namesOfOtherGroups(groupId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the module names: " + e.getMessage(), e);
        }
        for (String name : names) {
            for (NameLedger.HeldName other : others) {
                if (key(name).equals(other.name())) {
                    throw taken(name, other.groupId());
                }
                if (SchemaPrefix.overlap(name, other.name())) {
                    throw new ReleaseRefused(409, "name_prefix_taken", "release.name_prefix_taken", name,
                            SchemaPrefix.of(name), other.name(), SchemaPrefix.of(other.name()), other.groupId());
                }
            }
        }
    }


    /**
     * How a module name is owned and compared: lower case, so that {@code Courrier} and
     * {@code COURRIER} are the name {@code courrier} (people, URLs and case-insensitive file
     * systems do not tell them apart).
     */
    public static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** The claims of {@code names} by the features XML {@code maven}, to record with its release. */
    static List<ReleaseLedger.NameClaim> claims(MavenPath maven, Set<String> names) {
        return names.stream().map(name -> new ReleaseLedger.NameClaim(name, maven.groupId(), maven.path())).toList();
    }

    static ReleaseRefused taken(String name, String owner) {
        return new ReleaseRefused(409, "name_taken", "release.name_taken", name, owner);

    }

    /**
     * A repository that released modules before their names were owned gives each name to the
     * group that released it first, once; {@code files} holds the released files.
     */
    void claimReleased(Path files, Instant now) throws SQLException {
        if (!ledger.names().noNames()) {
            return;
        }
        List<ReleaseLedger.NameClaim> claims = new ArrayList<>();
        for (Release release : ledger.all().stream().filter(r -> r.path().endsWith(Release.FEATURES_SUFFIX))
                .sorted(Comparator.comparing(Release::releasedAt)).toList()) {
            try {
                for (String name : FeaturesInspection.names(SafeXml.parse(files.resolve(release.path())),
                        release.artifactId())) {
                    if (FeaturesInspection.FEATURE_NAME.matcher(name).matches()) {
                        claims.add(new ReleaseLedger.NameClaim(name, release.groupId(), release.path()));
                    }
                }
            } catch (Exception e) {
                LOG.warn("Could not read the module names of {}: {}", release.path(), e.getMessage());
            }
        }
        for (ReleaseLedger.NameClaim refused : ledger.names().claimFree(claims, now)) {
            LOG.warn("Module name {} of {} already belongs to another group", refused.name(), refused.claimedBy());
        }
    }

    /**
     * True when the distribution itself defines a feature {@code name}: a module defining one too
     * could be installed by Karaf in its place, for any module that depends on it.
     */
    private boolean platformFeature(String name) {
        try {
            for (Feature feature : karafFeatures.listFeatures()) {
                if (name.equalsIgnoreCase(feature.getName())) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list Karaf's features: " + e.getMessage(), e);
        }
    }
}
