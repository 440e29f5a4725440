package be.imio.platform.repository.internal.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.metadata.CeremonyCheck;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.metadata.TargetsSplit;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.Delegation;

/**
 * {@code imio:targets-sign --key /media/a/targets.key [--expect /media/a/publishers.txt] [--dry-run]
 * [--rotate-releases]}: the targets signing
 * ceremony of a repository whose top-level targets are offline. Signs the next top-level targets
 * with the targets key brought back from offline storage: which publisher key may sign which
 * namespace (every publisher with a registered key and namespaces that overlap no other's), and the
 * repository's online releases role. Run after a publisher, a publisher key or a namespace was
 * added, changed or removed, and before the top-level targets expire. Checked exactly as hosts
 * will check it before anything is published; prints who is delegated to (full key ids and
 * namespaces), who is left out and why, and what changes against the published top-level targets.
 * The delegations come from what the server holds: with {@code --expect}, a list kept with the
 * offline key, nothing is signed unless they are exactly those. Take the key file away again afterwards.
 */
@Service
@Command(scope = "imio", name = "targets-sign", description = "Signs the top-level targets (publishers' delegations) with the offline targets key")
public final class TargetsSign implements Action {

    @Option(name = "--key", description = "a targets key file; give as many as the root's targets threshold",
            multiValued = true)
    private List<String> keyFiles;

    @Option(name = "--expect", description = "the delegations expected, kept with the offline key: lines ACCOUNT KEYID"
            + " NAMESPACE[,NAMESPACE...]; nothing is signed unless the server proposes exactly those")
    private String expect;

    @Option(name = "--dry-run", description = "only show what would be signed and what it changes (no key needed)")
    private boolean dryRun;

    @Option(name = "--rotate-releases", description = "give the online releases role a new key (the old one lost or stolen)")
    private boolean rotateReleases;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private MetadataPublisher metadata;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        Map<String, CeremonyCheck.Expected> expected = expect == null ? null : CeremonyCheck.read(Path.of(expect));
        MetadataPublisher.TargetsSigned signed;
        if (dryRun) {
            signed = metadata.signTargets(List.of(), rotateReleases, expected, true);
        } else {
            if (keyFiles == null || keyFiles.isEmpty()) {
                throw new CommandException(words.say("shell.targets.key-needed"));
            }
            signed = desk.signed().signTargets(KeyFiles.read(keyFiles), rotateReleases, expected,
                    ShellUtil.getCurrentUserName(), "shell");
        }
        // In full: the holder compares each key id with what the publisher sent another way.
        for (Delegation delegation : signed.chosen().delegations()) {
            String account = TargetsSplit.accountOf(delegation.name());
            System.out.println(words.say("shell.targets.delegated", delegation.name(), String.join(",", delegation.keyIds()),
                    String.join(",", signed.chosen().namespaces().getOrDefault(account, java.util.Set.of()))));
        }
        for (String change : signed.changes()) {
            System.out.println(words.say("shell.targets.change", change));
        }
        signed.chosen().leftOut().forEach((account, why) -> System.out.println(words.say("shell.targets.left-out",
                account, words.say("shell.targets.why." + why.replaceFirst(":.*", ""), why.replaceFirst("^[^:]*:?", "")))));
        if (!signed.published()) {
            System.out.println(words.say("shell.targets.dry-run"));
            return null;
        }
        System.out.println(words.say("shell.targets.releases-key", signed.releasesKeyId()));
        System.out.println(words.say("shell.targets.published", signed.version(), words.dateTime(signed.expires())));
        if (expected == null) {
            System.out.println(words.say("shell.targets.unchecked"));
        }
        return null;
    }
}
