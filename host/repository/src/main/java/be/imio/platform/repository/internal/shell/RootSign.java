package be.imio.platform.repository.internal.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.TrustRoot;

/**
 * {@code imio:root-sign --key /media/a/root-1.key --key /media/b/root-2.key [--new-key /media/d/root-4.key]
 * [--remove /media/c/root-3.key|KEYID] [--threshold N] [--rotate targets,snapshot,timestamp]}: signs and
 * publishes the next root metadata with the root keys brought back from offline storage (a threshold
 * of the current root's keys, each held by a different person): before the current root expires, to
 * change who holds the root keys (a new holder's key is created when its file does not exist yet,
 * and signs too; a holder who leaves has their key removed, by file or by id), to change how many
 * must sign, or to give online roles new keys (generated on the server, listed in the new root,
 * everything below signed again). Rotating is also how a lost or replaced online key is mended.
 * The new root is checked exactly as hosts will check it before anything is published. Take the
 * key files away again afterwards. {@code --offline-targets /media/e/targets.key} moves the top-level
 * targets key of a repository created before publishers signed their releases off the server (the
 * first targets signing ceremony; refused while a file hosts are offered is not signed by its
 * publisher's own key), or gives an offline targets key a successor (lost, or brought to a server
 * one doubts): the new root lists it, then the top-level targets as published are signed by it.
 */
@Service
@Command(scope = "imio", name = "root-sign", description = "Signs the next root metadata with (offline) root keys")
public final class RootSign implements Action {

    @Option(name = "--key", description = "a current root key file; give as many as the root's threshold",
            required = true, multiValued = true)
    private List<String> keyFiles;

    @Option(name = "--new-key", description = "a root key file to add (created if missing): a new holder",
            multiValued = true)
    private List<String> newKeys;

    @Option(name = "--remove", description = "a root key to remove: its file, or its id (at least its first 12"
            + " hexadecimal digits)", multiValued = true)
    private List<String> removed;

    @Option(name = "--threshold", description = "how many root keys must sign from this root on")
    private Integer threshold;

    @Option(name = "--rotate", description = "online roles to give new keys: targets, snapshot, timestamp"
            + " (comma-separated)")
    private String rotate;

    @Option(name = "--offline-targets", description = "a new offline top-level targets key (created if missing): for a"
            + " repository whose targets key is online, it takes its place (publishers sign their own releases from then"
            + " on); for one whose targets key is offline already, it replaces it (the top-level targets as published,"
            + " signed again by it)")
    private String offlineTargets;

    @Reference
    private MetadataPublisher metadata;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        List<SigningKey> signers = KeyFiles.read(keyFiles);
        List<SigningKey> added = new ArrayList<>();
        for (String name : newKeys == null ? List.<String>of() : newKeys) {
            added.add(KeyFiles.readOrCreate(name, words));
        }
        TrustRoot current = metadata.root();
        Set<String> removedIds = new HashSet<>();
        for (String key : removed == null ? List.<String>of() : removed) {
            removedIds.add(keyId(key, current, words));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : rotate == null ? new String[0] : rotate.split(",")) {
            Role role = switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "targets" -> Role.TARGETS;
                case "snapshot" -> Role.SNAPSHOT;
                case "timestamp" -> Role.TIMESTAMP;
                default -> null;
            };
            if (role == null) {
                throw new CommandException(words.say("shell.root.bad-role", name.strip()));
            }
            roles.add(role);
        }
        SigningKey targetsKey = offlineTargets == null ? null : KeyFiles.readOrCreate(offlineTargets, words);
        TrustRoot root = desk.signed().signNewRoot(new MetadataPublisher.RootChange(signers, added, removedIds, threshold,
                targetsKey), roles, ShellUtil.getCurrentUserName(), "shell");
        for (Role role : roles) {
            System.out.println(words.say("shell.root.new-key", role.id(), String.join(",", root.keyIds(role))));
        }
        System.out.println(words.say("shell.root.keys", String.join(", ", root.keyIds(Role.ROOT).stream().sorted()
                .map(id -> id.substring(0, 12)).toList()), root.threshold(Role.ROOT), root.keyIds(Role.ROOT).size()));
        System.out.println(words.say("shell.root.published", root.version(), root.fingerprint()));
        return null;
    }

    /** The id of the root key {@code key} names: a key file, or an id or the start of one (12 digits at least). */
    private static String keyId(String key, TrustRoot current, ShellWords words) throws Exception {
        Path file = Path.of(key);
        if (Files.isRegularFile(file)) {
            return SigningKey.readFrom(file).publicKey().id();
        }
        List<String> matching = key.length() < 12 ? List.of()
                : current.keyIds(Role.ROOT).stream().filter(id -> id.startsWith(key.toLowerCase(Locale.ROOT))).toList();
        if (matching.size() != 1) {
            throw new CommandException(words.say("shell.root.unknown-key", key));
        }
        return matching.get(0);
    }
}
