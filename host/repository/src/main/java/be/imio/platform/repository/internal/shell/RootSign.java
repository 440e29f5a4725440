package be.imio.platform.repository.internal.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
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
 * {@code imio:root-sign --key /media/cle/root.key [--new-key /media/cle/root-2027.key]
 * [--rotate targets,snapshot,timestamp]}: signs and publishes the next root metadata with the root
 * key brought back from offline storage: before the current root expires, to change the root key
 * (the new key is created when its file does not exist yet), or to give online roles new keys
 * (generated on the server, listed in the new root, everything below signed again). Rotating is
 * also how a lost or replaced online key is mended. Take the key files away again afterwards.
 */
@Service
@Command(scope = "imio", name = "root-sign", description = "Signs the next root metadata with the (offline) root key")
public final class RootSign implements Action {

    @Option(name = "--key", description = "the current root key file", required = true)
    private String key;

    @Option(name = "--new-key", description = "a new root key file (created if missing) to replace the current one")
    private String newKey;

    @Option(name = "--rotate", description = "online roles to give new keys: targets, snapshot, timestamp"
            + " (comma-separated)")
    private String rotate;

    @Reference
    private MetadataPublisher metadata;

    @Reference
    private ReleaseDesk desk;

    @Reference
    private Session session;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(RepositoryTexts.TEXTS, session::get);
        SigningKey current = SigningKey.readFrom(Path.of(key));
        SigningKey next = null;
        if (newKey != null) {
            Path file = Path.of(newKey);
            if (Files.exists(file)) {
                next = SigningKey.readFrom(file);
            } else {
                next = SigningKey.generate();
                next.writeTo(file);
                System.out.println(words.say("shell.root.key-created", file));
            }
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
        TrustRoot root = desk.signed().signNewRoot(current, next, roles, ShellUtil.getCurrentUserName(), "shell");
        for (Role role : roles) {
            System.out.println(words.say("shell.root.new-key", role.id(), String.join(",", root.keyIds(role))));
        }
        System.out.println(words.say("shell.root.published", root.version(), root.fingerprint()));
        return null;
    }
}
