package be.imio.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import be.imio.platform.api.PlatformRole;

/**
 * Upgrades, before Karaf starts, an instance last run by an older platform version to this
 * distribution's. Nothing changes until every check passed: the enabled modules must suit the new
 * platform ({@link ModuleSuitability}) and a backup must be written ({@link ColdBackup}). Then:
 * <ol>
 * <li>the new {@code etc/} is made beside the instance, in {@code upgrade/etc-new/}
 * ({@link EtcMerge}, with the new version recorded and the new distribution's defaults);
 * <li>it takes the place of {@code etc/}, which goes to {@code upgrade/etc-before/}: two renames,
 * the one point where the instance passes from the old version to the new;
 * <li>Karaf's bundle cache ({@code data/cache}) is deleted: the new distribution's bundles and
 * features are installed at the first start, and a host then brings its modules back from its
 * database, as after a restore;
 * <li>Karaf starts: the platform's schema migrations run (journalled), and once the platform has
 * recorded its start it records the upgrade and deletes {@code upgrade/}.
 * </ol>
 * Each step is journalled in {@code upgrade/journal.properties}. A process killed before the
 * switch leaves the old instance whole (the next start with the new distribution upgrades it again;
 * the old distribution runs it as before); killed after, the next start completes the switch,
 * deletes the cache again and starts the new platform, which completes the upgrade.
 */
final class PlatformUpgrade {

    static final String FOLDER = "upgrade";
    static final String JOURNAL = "journal.properties";
    private static final String ETC_NEW = "etc-new";
    private static final String ETC_BEFORE = "etc-before";

    /** Where an upgrade is; written to the journal once reached. */
    enum Step {
        /** The backup is written; nothing else changed. */
        BACKED_UP,
        /** The new etc/ is ready beside the instance. */
        PREPARED,
        /** etc/ is being replaced. */
        SWITCHING,
        /** etc/ is the new one; the platform has not confirmed its start yet. */
        SWITCHED
    }

    /** What an upgrade would do, or why it cannot be done. */
    record Plan(PlatformVersion from, PlatformVersion to, PlatformRole role, List<String> modules,
            List<ModuleSuitability.Unsuitable> unsuitable, EtcMerge.Result etc, Path backupFolder,
            boolean modulesChecked) {

        boolean possible() {
            return unsuitable.isEmpty();
        }

        /** Each change the merge makes in {@code etc/}, in words. */
        List<String> etcChanges() {
            return etc.changes();
        }
    }

    private final Path home;
    private final PlatformVersion distribution;
    private final PrintStream out;
    /** A process stopped right after this step, to check what the next start does (tests only). */
    private final String haltAfter = System.getProperty("imio.upgrade.haltAfter");

    PlatformUpgrade(Path home, PlatformVersion distribution, PrintStream out) {
        this.home = home;
        this.distribution = distribution;
        this.out = out;
    }

    /** What upgrading {@code instance} would do; changes nothing (its database is read from a copy). */
    Plan plan(Instance instance) throws LaunchException, IOException {
        return plan(instance, true);
    }

    private Plan plan(Instance instance, boolean readOnly) throws LaunchException, IOException {
        PlatformVersion from = InstanceVersion.recorded(instance);
        PlatformRole role = new Preflight().role(instance);
        List<String> modules = new ArrayList<>();
        List<ModuleSuitability.Unsuitable> unsuitable = new ArrayList<>();
        // A running instance's embedded database is Karaf's alone: its modules are checked once it stops.
        boolean checked = role != PlatformRole.HOST || !InstanceRestore.running(instance);
        if (role == PlatformRole.HOST && checked) {
            try (InstanceDatabase database = InstanceDatabase.open(home, instance, readOnly)) {
                List<ModuleSuitability.Enabled> enabled = database == null ? List.of()
                        : ModuleSuitability.enabled(database);
                enabled.forEach(m -> modules.add(m.name() + " " + m.version()));
                unsuitable.addAll(new ModuleSuitability(instance.data().resolve("host/verified"),
                        ModuleSuitability.exports(home, distribution)).check(enabled));
            }
        }
        EtcMerge.Result etc = new EtcMerge(instance.etc(), instance.etc().resolve(InstanceVersion.DEFAULTS),
                home.resolve("etc"), from, distribution).merge();
        return new Plan(from, distribution, role, modules, unsuitable, etc, ColdBackup.folder(instance),
                checked);
    }

    /** Prints {@code plan} for local IT, as {@code bin/imio upgrade-check} shows it. */
    void print(Instance instance, Plan plan) {
        out.println("Upgrade of " + instance.dir() + " (" + plan.role().id() + ") from platform " + plan.from()
                + " to " + plan.to() + ":");
        if (!plan.possible()) {
            out.println("  refused: these enabled modules do not run on " + plan.to() + "; update or disable them"
                    + " with " + plan.from() + " first:");
            plan.unsuitable().forEach(u -> out.println("    " + u));
            return;
        }
        out.println("  1. a backup of etc/, the database and data/" + plan.role().id() + " into " + plan.backupFolder());
        out.println("  2. etc/: " + (plan.etcChanges().isEmpty() ? "nothing to change" : plan.etcChanges().size()
                + (plan.etcChanges().size() == 1 ? " change" : " changes") + " (the values this instance set are kept)"));
        plan.etcChanges().forEach(c -> out.println("       " + c));
        out.println("  3. Karaf's bundle cache (data/cache) is deleted: the new platform is installed at its first start");
        out.println("  4. the platform's schema migrations run at that start" + (plan.modules().isEmpty() ? ""
                : "; the enabled modules are brought back: " + String.join(", ", plan.modules())));
        if (!plan.modulesChecked()) {
            out.println("  The instance is running: whether its modules run on " + plan.to() + " is checked once it is"
                    + " stopped (upgrade-check again, or run itself, before it changes anything).");
        }
    }

    /**
     * Completes the switch of {@code etc/} an upgrade to this distribution's version was making when
     * its process was killed; discards what an upgrade that never switched left. Runs before
     * anything reads {@code etc/}.
     */
    void resume(Instance instance) throws LaunchException, IOException {
        Properties journal = journal(instance);
        if (journal == null) {
            return;
        }
        Step step = Step.valueOf(journal.getProperty("step"));
        boolean switched = step == Step.SWITCHING || step == Step.SWITCHED;
        if (!distribution.toString().equals(journal.getProperty("to"))) {
            if (!switched) {
                // An upgrade to another version stopped before its switch: the instance is whole.
                discard(instance);
            }
            return; // switched to another version: InstanceVersion.standing says what this one may do
        }
        if (step == Step.SWITCHING) {
            out.println("Completing the upgrade of " + instance.dir() + " to " + distribution + " that was interrupted");
            switchEtc(instance);
            write(instance, journal, Step.SWITCHED);
        }
    }

    /**
     * Brings {@code instance} to this distribution's version: records it when the instance was made
     * before versions were, upgrades it when an older version ran it, and deletes Karaf's cache again
     * while the new platform has not confirmed its first start.
     *
     * @throws LaunchException (one line; nothing changed) when a newer version ran the instance, a
     *         module does not suit the new platform or the backup cannot be written
     */
    void run(Instance instance) throws LaunchException, IOException {
        switch (InstanceVersion.standing(instance, distribution)) {
            case UNRECORDED -> InstanceVersion.record(instance, home.resolve("etc"), distribution, null);
            case SAME -> {
                Properties journal = journal(instance);
                if (journal != null && distribution.toString().equals(journal.getProperty("to"))) {
                    // The first start of the new platform did not get as far as recording it.
                    out.println("The upgrade of " + instance.dir() + " to " + distribution + " is not complete yet:"
                            + " starting the new platform again on a fresh bundle cache");
                    clearCache(instance);
                }
            }
            case OLDER -> upgrade(instance);
        }
    }

    private void upgrade(Instance instance) throws LaunchException, IOException {
        PlatformVersion from = InstanceVersion.recorded(instance);
        Plan plan = plan(instance, false);
        if (!plan.possible()) {
            throw new LaunchException("cannot upgrade " + instance.dir() + " from " + from + " to " + distribution
                    + ": " + String.join("; ", plan.unsuitable().stream().map(Object::toString).toList())
                    + "; update or disable " + (plan.unsuitable().size() == 1 ? "it" : "them") + " with " + from
                    + " first (nothing was changed)");
        }
        // Always a new backup, also when an earlier attempt stopped before its switch: the old
        // release may have run the instance since, and the backup must be of what is upgraded.
        out.println("Upgrading " + instance.dir() + " from platform " + from + " to " + distribution
                + "; backing it up first...");
        String backup = backUp(instance, plan).toString();
        Properties journal = new Properties();
        journal.setProperty("from", from.toString());
        journal.setProperty("to", distribution.toString());
        journal.setProperty("backup", backup);
        journal.setProperty("started", Instant.now().toString());
        write(instance, journal, Step.BACKED_UP);
        halt(Step.BACKED_UP);
        prepare(instance, plan, journal);
        write(instance, journal, Step.SWITCHING);
        switchEtc(instance);
        write(instance, journal, Step.SWITCHED);
        clearCache(instance);
        out.println("  Backup taken before the upgrade: " + backup);
        out.println("  Starting platform " + distribution + " for the first time on this instance: the schema"
                + " migrations run, then the modules come back.");
    }

    /** The journal an unfinished upgrade left in {@code instance}; null when none. */
    static Properties journal(Instance instance) throws LaunchException {
        Path file = instance.dir().resolve(FOLDER).resolve(JOURNAL);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties journal = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            journal.load(in);
            Step.valueOf(journal.getProperty("step", ""));
            PlatformVersion.parse(journal.getProperty("to"));
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(file + " is damaged (" + e.getMessage() + "); restore the backup taken before the"
                    + " upgrade (bin/imio restore), or delete " + instance.dir().resolve(FOLDER) + " if etc/ is whole");
        }
        return journal;
    }

    private Path backUp(Instance instance, Plan plan) throws LaunchException {
        String[] identity;
        Path derbyFolder;
        // The database is read, then shut down before its files are copied: a cold copy is consistent.
        try (InstanceDatabase database = InstanceDatabase.open(home, instance)) {
            identity = ColdBackup.identity(database);
            derbyFolder = database == null ? null : database.derbyFolder();
        }
        try {
            return ColdBackup.write(instance, plan.role(), plan.from(), identity, derbyFolder,
                    "before the upgrade to " + distribution);
        } catch (IOException e) {
            throw new LaunchException("cannot upgrade " + instance.dir() + ": the backup before it could not be written ("
                    + InstanceCreator.reason(e) + "); free disk space or set 'folder' in etc/be.imio.platform.backup.cfg"
                    + " (nothing was changed)");
        }
    }

    /**
     * Makes {@code upgrade/etc-new/}: the plan's merged files (etc/ is not written between the plan
     * and this), the new version recorded, the new defaults.
     */
    private void prepare(Instance instance, Plan plan, Properties journal) throws IOException, LaunchException {
        Path staging = instance.dir().resolve(FOLDER).resolve(ETC_NEW);
        InstanceCreator.deleteTree(staging);
        EtcMerge.Result merged = plan.etc();
        EtcMerge.write(merged, staging);
        InstanceVersion.record(staging, home.resolve("etc"), distribution, plan.from());
        OwnerOnly.tree(staging);
        write(instance, journal, Step.PREPARED);
        merged.changes().forEach(c -> out.println("  etc/" + c));
        halt(Step.PREPARED);
    }

    private void switchEtc(Instance instance) throws IOException {
        Path upgrade = instance.dir().resolve(FOLDER);
        Path etcNew = upgrade.resolve(ETC_NEW);
        Path before = upgrade.resolve(ETC_BEFORE);
        if (Files.isDirectory(etcNew) && Files.isDirectory(instance.etc())) {
            InstanceCreator.deleteTree(before);
            Files.move(instance.etc(), before, StandardCopyOption.ATOMIC_MOVE);
        }
        halt(Step.SWITCHING);
        if (Files.isDirectory(etcNew) && !Files.exists(instance.etc())) {
            Files.move(etcNew, instance.etc(), StandardCopyOption.ATOMIC_MOVE);
        }
        OwnerOnly.tree(instance.etc());
    }

    /** Deletes Karaf's bundle cache: moved aside first, so that a kill leaves no half cache in place. */
    private void clearCache(Instance instance) throws IOException {
        Path cache = instance.data().resolve("cache");
        Path old = instance.data().resolve(".cache-before-upgrade");
        if (Files.exists(cache)) {
            InstanceCreator.deleteTree(old);
            Files.move(cache, old, StandardCopyOption.ATOMIC_MOVE);
        }
        halt(Step.SWITCHED);
        InstanceCreator.deleteTree(old);
    }

    private static void discard(Instance instance) throws IOException {
        InstanceCreator.deleteTree(instance.dir().resolve(FOLDER));
    }

    private static void write(Instance instance, Properties journal, Step step) throws IOException {
        journal.setProperty("step", step.name());
        Path folder = Files.createDirectories(instance.dir().resolve(FOLDER));
        OwnerOnly.folder(folder);
        StringWriter text = new StringWriter();
        journal.store(text, " An upgrade of this instance, step by step (bin/imio run completes it)");
        InstanceVersion.replace(folder.resolve(JOURNAL), text.toString());
    }

    private void halt(Step after) {
        if (after.name().equals(haltAfter)) {
            out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
