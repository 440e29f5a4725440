package be.imio.platform.store.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code imio:backup}: backs the instance up now; {@code --list} shows the backups kept. */
@Service
@Command(scope = "imio", name = "backup", description = "Backs the instance up now (configuration, database, files)")
public final class BackupCommand implements Action {

    @Reference
    InstanceBackups backups;

    @Option(name = "--list", aliases = "-l", description = "List the backups kept instead")
    boolean list;

    @Override
    public Object execute() throws Exception {
        if (list) {
            System.out.println("Sauvegardes / Backups in " + backups.folder() + ":");
            for (InstanceBackups.Backup backup : backups.list()) {
                System.out.println(backup.file() + "  " + backup.sizeText());
            }
            return null;
        }
        InstanceBackups.Backup written = backups.backUp();
        System.out.println("Sauvegarde écrite / Backup written: " + written.file() + " (" + written.sizeText() + ")");
        System.out.println("Restore, with the instance stopped: bin/imio restore <instance folder> " + written.file());
        return null;
    }
}
