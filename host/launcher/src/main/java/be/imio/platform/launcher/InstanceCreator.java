package be.imio.platform.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

import be.imio.platform.api.PlatformRole;

/**
 * Creates an instance: a folder with its own {@code etc/} (the distribution's, set for the role,
 * the ports and a new administrator) and an empty {@code data/}. Everything is written in a
 * temporary sibling folder first and moved into place at the end, so an interrupted creation
 * leaves no half-made instance behind.
 */
final class InstanceCreator {

    /** What the operator chose; ports and address have the distribution's defaults. */
    record Settings(PlatformRole role, String displayName, int httpPort, int sshPort, String listenAddress,
            String repositoryUrl, String rootFingerprint, HostConnection connection) {

        Settings(PlatformRole role, String displayName, int httpPort, int sshPort, String listenAddress,
                String repositoryUrl, String rootFingerprint) {
            this(role, displayName, httpPort, sshPort, listenAddress, repositoryUrl, rootFingerprint,
                    HostConnection.NONE);
        }
    }

    /**
     * How a commune host names itself to the repository and what it follows: its id and credential
     * (issued by {@code POST /api/repository/hosts/}) and its channel; null where not given (the
     * distribution's defaults then hold: no credential, channel {@code stable}).
     */
    record HostConnection(String hostId, String hostToken, String channel) {
        static final HostConnection NONE = new HostConnection(null, null, null);

        boolean given() {
            return hostId != null || hostToken != null || channel != null;
        }
    }

    private static final String PLATFORM_CFG_HEADER = """
            # This instance's identity, written when it was created.
            # The role cannot change: the database under data/ belongs to it. Create a new instance
            # for another role. The display name may change (shown on the instance's pages).
            """;

    private final Path distributionEtc;
    private final SecureRandom random;
    private final PlatformVersion version;

    InstanceCreator(Path distributionEtc, SecureRandom random) {
        this(distributionEtc, random, PlatformVersion.distribution());
    }

    InstanceCreator(Path distributionEtc, SecureRandom random, PlatformVersion version) {
        this.distributionEtc = distributionEtc;
        this.random = random;
        this.version = version;
    }

    AdminAccount create(Instance instance, Settings settings) throws LaunchException, IOException {
        Path dir = instance.dir();
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new LaunchException(dir + " already exists and is not empty; choose a new folder for the instance");
        }
        Path parent = dir.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new LaunchException("cannot create folder " + parent + " (" + reason(e) + "); choose a folder"
                    + " the platform's user may write to");
        }
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".creating-");
        } catch (IOException e) {
            throw new LaunchException("cannot write in " + parent + " (" + reason(e) + "); choose a folder"
                    + " the platform's user may write to, or fix its owner or permissions");
        }
        try {
            AdminAccount admin = populate(new Instance(staging), settings);
            if (Files.isDirectory(dir)) {
                Files.delete(dir);
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return admin;
        } finally {
            deleteTree(staging);
        }
    }

    private AdminAccount populate(Instance staging, Settings settings) throws LaunchException, IOException {
        copyTree(distributionEtc, staging.etc());
        Files.createDirectories(staging.data());
        Path root = staging.dir();

        Files.writeString(staging.etc(Instance.PLATFORM_CFG), PLATFORM_CFG_HEADER);
        CfgFile.read(staging.etc(Instance.PLATFORM_CFG), root)
                .set("role", settings.role().id())
                .set("displayName", settings.displayName())
                .write();
        CfgFile features = CfgFile.read(staging.etc(Instance.FEATURES_CFG), root);
        String boot = features.get("featuresBoot");
        features.set("featuresBoot", (boot == null || boot.isBlank() ? "" : boot.strip() + ", ")
                + "imio-" + settings.role().id()).write();
        CfgFile.read(staging.etc(Instance.WEB_CFG), root)
                .set(Instance.HTTP_PORT, Integer.toString(settings.httpPort()))
                .set(Instance.HTTP_ADDRESS, settings.listenAddress())
                .write();
        CfgFile.read(staging.etc(Instance.SHELL_CFG), root)
                .set(Instance.SSH_PORT, Integer.toString(settings.sshPort()))
                .write();

        if (settings.repositoryUrl() != null) {
            CfgFile.read(staging.etc(Instance.HOST_CFG), root)
                    .set("repositoryUrl", settings.repositoryUrl())
                    // Reports, with the host's credential, go to the address iMio gave, whatever
                    // mirror the host later syncs from.
                    .set("reportUrl", settings.repositoryUrl())
                    .set("rootFingerprint", settings.rootFingerprint())
                    .write();
        }
        HostConnection connection = settings.connection();
        if (connection.given()) {
            CfgFile host = CfgFile.read(staging.etc(Instance.HOST_CFG), root);
            if (connection.hostId() != null) {
                host.set("hostId", connection.hostId()).set("hostToken", connection.hostToken());
            }
            if (connection.channel() != null) {
                host.set("channel", connection.channel());
            }
            host.write();
        }

        // What made the instance, so that a later distribution knows what to upgrade from.
        InstanceVersion.record(staging, distributionEtc, version, null);

        AdminAccount admin = AdminAccount.generate(random);
        Files.writeString(staging.etc(Instance.USERS), admin.usersEntries(), StandardOpenOption.APPEND);
        Files.writeString(root.resolve(Instance.PASSWORD_FILE), admin.password() + "\n");
        // The password, users.properties and the secrets local IT adds later (the host's credential
        // at the repository, a PostgreSQL password) are the platform user's only; so is the rest,
        // exactly as after a restore.
        OwnerOnly.instance(staging);
        return admin;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (FileAlreadyExistsException e) {
                        throw new IOException("unexpected file " + target, e);
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String reason(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
