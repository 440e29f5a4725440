package be.imio.platform.commune.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.SyncStatus;

/** {@code imio:sync}: asks the repository now, and says where the host stands. */
@Service
@Command(scope = "imio", name = "sync", description = "Syncs the catalogue with the central repository now")
public final class SyncCommand implements Action {

    @Reference
    CatalogueService catalogue;

    @Override
    public Object execute() throws Exception {
        java.util.Optional<SyncStatus> done = catalogue.syncNow();
        if (done.isEmpty()) {
            throw new CommandException("A sync is already running; try again in a moment");
        }
        SyncStatus status = done.get();
        System.out.println("Repository:     " + status.repositoryUrl());
        System.out.println("Trusted root:   version " + status.rootVersion() + ", fingerprint " + status.rootFingerprint());
        System.out.println("Last sync:      " + (status.lastSync() == null ? "never" : BelgianFormats.dateTime(Texts.ENGLISH, status.lastSync())));
        System.out.println("Catalogue:      timestamp " + status.timestampVersion() + ", targets " + status.targetsVersion());
        if (status.offlineSince() != null) {
            System.out.println("Offline since:  " + BelgianFormats.dateTime(Texts.ENGLISH, status.offlineSince()));
        }
        if (status.warning() != null) {
            System.out.println("Warning:        " + status.warning().inFrenchThenEnglish());
        }
        return null;
    }
}
