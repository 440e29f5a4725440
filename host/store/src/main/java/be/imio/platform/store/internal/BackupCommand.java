package be.imio.platform.store.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import be.imio.platform.api.ShellWords;

/** {@code imio:backup}: backs the instance up now; {@code --list} shows the backups kept. */
@Service
@Command(scope = "imio", name = "backup", description = "Backs the instance up now (configuration, database, files)")
public final class BackupCommand implements Action {

    @Reference
    InstanceBackups backups;

    @Reference
    Session session;

    @Option(name = "--list", aliases = "-l", description = "List the backups kept instead")
    boolean list;

    @Override
    public Object execute() throws Exception {
        ShellWords words = ShellWords.of(BackupHealth.TEXTS, session == null ? null : session::get);
        if (list) {
            System.out.println(words.say("backup.shell.list", backups.folder()));
            for (InstanceBackups.Backup backup : backups.list()) {
                System.out.println(backup.file() + "  " + words.say(backup.sizeText()));
            }
            return null;
        }
        InstanceBackups.Backup written = backups.backUp();
        System.out.println(words.say("backup.shell.written", written.file(), written.sizeText()));
        System.out.println(words.say("backup.shell.restore", written.file()));
        return null;
    }
}
