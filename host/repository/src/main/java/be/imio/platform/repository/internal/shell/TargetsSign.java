package be.imio.platform.repository.internal.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;

import be.imio.platform.api.ShellWords;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.SigningKey;

/**
 * {@code imio:targets-sign --key /media/a/targets.key [--rotate-releases]}: the targets signing
 * ceremony of a repository whose top-level targets are offline. Signs the next top-level targets
 * with the targets key brought back from offline storage: which publisher key may sign which
 * namespace (every publisher with a registered key and namespaces that overlap no other's), and the
 * repository's online releases role. Run after a publisher, a publisher key or a namespace was
 * added, changed or removed, and before the top-level targets expire. Checked exactly as hosts
 * will check it before anything is published; prints who is delegated to and who is left out, and
 * why. Take the key file away again afterwards.
 */
@Service
@Command(scope = "imio", name = "targets-sign", description = "Signs the top-level targets (publishers' delegations) with the offline targets key")
public final class TargetsSign implements Action {

    @Option(name = "--key", description = "a targets key file; give as many as the root's targets threshold",
            required = true, multiValued = true)
    private List<String> keyFiles;

    @Option(name = "--rotate-releases", description = "give the online releases role a new key (the old one lost or stolen)")
    private boolean rotateReleases;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        List<SigningKey> signers = new ArrayList<>();
        for (String file : keyFiles) {
            signers.add(SigningKey.readFrom(Path.of(file)));
        }
        MetadataPublisher.TargetsSigned signed = desk.signed().signTargets(signers, rotateReleases,
                ShellUtil.getCurrentUserName(), "shell");
        for (Delegation delegation : signed.chosen().delegations()) {
            System.out.println(words.say("shell.targets.delegated", delegation.name(),
                    String.join(",", delegation.keyIds().stream().map(id -> id.substring(0, 12)).toList()),
                    delegation.paths().size()));
        }
        signed.chosen().leftOut().forEach((account, why) -> System.out.println(words.say("shell.targets.left-out",
                account, words.say("shell.targets.why." + why.replaceFirst(":.*", ""), why.replaceFirst("^[^:]*:?", "")))));
        System.out.println(words.say("shell.targets.releases-key", signed.releasesKeyId().substring(0, 12)));
        System.out.println(words.say("shell.targets.published", signed.version(), words.dateTime(signed.expires())));
        return null;
    }
}
