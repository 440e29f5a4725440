package be.imio.platform.repository.internal.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Message;
import be.imio.platform.trust.CanonicalJson;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Target;
import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.repository.internal.release.ReleaseTargets;
import be.imio.platform.repository.internal.release.ModuleNames;

/**
 * Keeps signed targets metadata bounded whatever publishers upload. Each publisher (account) may
 * hold at most {@code publisherMaxTargets} entries and {@code publisherMaxKilobytes} of canonical
 * JSON in targets, texts files included, and the whole document stays under
 * {@code targetsMaxKilobytes}, below what hosts download ({@code RepositoryClient.MAX_METADATA_BYTES},
 * 8 MB). A release that would pass a bound is refused before anything is recorded; since the
 * texts are not in targets, an entry is small (path, length, hash, coordinates, channel) and a
 * bound of entries is also one of bytes.
 *
 * <p>It also keeps each publisher's files within {@code publisherMaxMegabytes} of the repository's
 * disk ({@link #checkStorage}), and the module names it holds within {@code publisherMaxNames}
 * ({@link #checkNames}). The checks and the recording they admit run under one lock, so that
 * parallel uploads cannot each pass the last free place.
 */
public final class MetadataBudget {

    /** Records the admitted releases; runs under the budget's lock. */
    public interface Recording {
        void run() throws Exception;
    }

    private final ReleaseLedger ledger;
    private final MetadataPublisher metadata;
    private final ReleaseTargets releaseTargets;

    public MetadataBudget(ReleaseLedger ledger, MetadataPublisher metadata, ReleaseTargets releaseTargets) {
        this.ledger = ledger;
        this.metadata = metadata;
        this.releaseTargets = releaseTargets;
    }

    /**
     * Refuses every upload while the repository cannot sign: what it cannot release, it does not
     * take, not even to keep it waiting for the rest of its version.
     *
     * @throws ReleaseRefused 503 {@code metadata_signing_unavailable}
     */
    public void checkCanSign() throws ReleaseRefused {
        Message cannotSign = metadata.signingProblemWords();

        if (cannotSign != null) {
            throw new ReleaseRefused(503, "metadata_signing_unavailable", "release.cannot_sign", cannotSign);
        }
    }

    /**
     * Runs {@code recording} when the repository can sign and {@code adding}, released by
     * {@code account}, keeps targets within every bound.
     *
     * @throws ReleaseRefused 503 {@code metadata_signing_unavailable}, 413 {@code storage_budget_exceeded} or
     *         {@code metadata_budget_exceeded}
     */
    public void admit(String account, List<Release> adding, Recording recording) throws Exception {
        admit(account, adding, List.of(), recording);
    }

    /**
     * As {@link #admit(String, List, Recording)}, when also the module names {@code account} would
     * hold with {@code adding} and {@code claims} stay within {@code publisherMaxNames}.
     *
     * @throws ReleaseRefused also 413 {@code name_budget_exceeded}
     */
    public synchronized void admit(String account, List<Release> adding, List<ReleaseLedger.NameClaim> claims,
            Recording recording) throws Exception {
        checkCanSign();
        List<Release> all = new ArrayList<>(ledger.all());
        all.addAll(adding);
        checkStorage(account, all, metadata.config());
        check(account, releaseTargets.of(all), metadata.config());
        checkNames(account, ledger.namesHeldBy(account), adding, claims, metadata.config());
        recording.run();
    }

    /**
     * Refuses a release after which {@code account} would hold more than {@code publisherMaxNames}
     * module names: {@code held} (lower case) with the artifactIds of the bundles in {@code adding}
     * and the names {@code claims} takes. Without it one features XML of empty features claimed
     * tens of thousands of names no other publisher could then use.
     */
    static void checkNames(String account, Set<String> held, List<Release> adding, List<ReleaseLedger.NameClaim> claims,
            MetadataConfig limits) throws ReleaseRefused {
        Set<String> names = new HashSet<>(held);
        adding.stream().filter(r -> r.symbolicName() != null).forEach(r -> names.add(ModuleNames.key(r.artifactId())));
        claims.forEach(claim -> names.add(ModuleNames.key(claim.name())));
        if (names.size() > held.size() && names.size() > limits.publisherMaxNames()) {
            throw new ReleaseRefused(413, "name_budget_exceeded", "release.name_budget", account, names.size(),
                    limits.publisherMaxNames());
        }
    }

    /**
     * Refuses {@code releases}, every release once the new ones are in, when the files
     * {@code account} released would take more than {@code publisherMaxMegabytes} on the
     * repository's disk: the lengths of what is stored (an archive and each file it carried count
     * each, as each is kept), so that one publisher cannot fill the disk every publisher shares.
     */
    static void checkStorage(String account, List<Release> releases, MetadataConfig limits) throws ReleaseRefused {
        long bytes = 0;
        for (Release release : releases) {
            if (account.equals(release.releasedBy())) {
                bytes += release.length();
            }
        }
        long max = limits.publisherMaxMegabytes() * 1024L * 1024L;
        if (bytes > max) {
            throw new ReleaseRefused(413, "storage_budget_exceeded", "release.storage_budget", account, bytes, max);
        }
    }

    /**
     * Refuses {@code targets}, the whole list once the release is in, when {@code account}'s
     * entries or the whole document pass {@code limits}.
     */
    static void check(String account, List<Target> targets, MetadataConfig limits) throws ReleaseRefused {
        long entries = 0;
        long bytes = 0;
        for (Target target : targets) {
            if (account.equals(ReleaseTargets.publisherOf(target))) {
                entries++;
                bytes += entryBytes(target);
            }
        }
        long maxBytes = limits.publisherMaxKilobytes() * 1024L;
        if (entries > limits.publisherMaxTargets() || bytes > maxBytes) {
            throw new ReleaseRefused(413, "metadata_budget_exceeded", "release.publisher_metadata_budget", account,
                    entries, bytes, limits.publisherMaxTargets(), maxBytes);
        }
        long total = documentBytes(targets);
        long maxTotal = limits.targetsMaxKilobytes() * 1024L;
        if (total > maxTotal) {
            throw new ReleaseRefused(413, "metadata_budget_exceeded", "release.metadata_budget", total, maxTotal);
        }
    }

    /**
     * The canonical JSON bytes of {@code target}'s member of a targets document, without what iMio
     * adds to it (a staged rollout, a deadline): a publisher answers for what it releases, not for
     * iMio's rings and dates.
     */
    static long entryBytes(Target target) {
        Target own = target;
        if (target.custom() != null && (target.custom().has("rollout") || target.custom().has("required"))) {
            ObjectNode custom = target.custom().deepCopy();
            custom.remove(List.of("rollout", "required"));
            own = new Target(target.path(), target.length(), target.sha256(), custom);
        }
        ObjectNode document = MetadataDocuments.targets(1, Instant.EPOCH, List.of(own));
        return CanonicalJson.bytes(document.get("targets")).length;
    }

    /** The canonical JSON bytes of the signed part of a targets document listing {@code targets}. */
    static long documentBytes(List<Target> targets) {
        return CanonicalJson.bytes(MetadataDocuments.targets(Long.MAX_VALUE, Instant.EPOCH, targets)).length;
    }


}
