package be.imio.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

import be.imio.platform.api.PlatformRole;

/**
 * The Java side of {@code bin/imio}: {@code create} makes an instance, {@code check} verifies one
 * before Karaf starts, {@code prepare} does both for {@code bin/imio run} and prints the instance
 * folder on its last line. Problems print one line on standard error and exit with status 2.
 */
public final class Main {

    static final int DEFAULT_HTTP_PORT = 8181;
    static final int DEFAULT_SSH_PORT = 8101;

    private static final String USAGE = """
            usage: bin/imio create <folder> --role <repository|host> [--name <display name>]
                                   [--http-port <port>] [--ssh-port <port>] [--listen <address>]
                                   [--repository <url> --root-fingerprint <sha-256>]   (role host)
                                   [--host-id <id> --host-token-file <file>] [--channel <stable|testing>]
                   bin/imio run [<folder>] [--role <repository|host>] [creation options]
                   bin/imio check <folder>
                   bin/imio upgrade-check <folder>          (what this distribution's 'run' would upgrade)
                   bin/imio service install <folder> [--user <user>] [--name <unit>] [--unit-dir <folder>]
                   bin/imio restore <folder> <backup.zip>   (instance stopped; see imio:backup)
                   bin/imio stop [<folder>] [--role <repository|host>]
                   bin/imio shell <folder> [--user <account>] [--password-file <file>] <command>...""";

    private final Path home;
    private final PrintStream out;
    /** The exit status of a command run in an instance's shell ({@code shell}). */
    private int status;

    Main(Path home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    public static void main(String[] args) {
        String home = System.getProperty("imio.home");
        if (home == null) {
            System.err.println("imio: start through bin/imio (imio.home is not set)");
            System.exit(2);
        }
        try {
            Main main = new Main(Path.of(home), System.out);
            main.run(List.of(args));
            if (main.status != 0) {
                System.exit(main.status);
            }
        } catch (LaunchException e) {
            System.err.println("imio: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("imio: " + InstanceCreator.reason(e));
            System.exit(2);
        }
    }

    void run(List<String> args) throws LaunchException, IOException {
        Deque<String> rest = new ArrayDeque<>(args);
        String command = rest.isEmpty() ? "" : rest.pop();
        if (command.equals("restore")) {
            if (rest.size() != 2 || rest.stream().anyMatch(a -> a.startsWith("-"))) {
                throw new LaunchException("name the instance folder and the backup\n" + USAGE);
            }
            new InstanceRestore(out).restore(new Instance(Path.of(rest.pop())), Path.of(rest.pop()).toAbsolutePath());
            return;
        }
        if (command.equals("shell")) {
            shell(rest);
            return;
        }
        if (command.equals("service")) {
            service(rest);
            return;
        }
        Options options = Options.parse(rest);
        switch (command) {
            case "create" -> create(options.instance(home, true), options);
            case "check" -> {
                Instance instance = options.instance(home, false);
                new Preflight().check(instance);
                InstanceVersion.standing(instance, PlatformVersion.distribution());
            }
            case "upgrade-check" -> upgradeCheck(options.instance(home, true));
            case "prepare" -> {
                Instance instance = options.instance(home, false);
                // Its progress goes to standard error, shown as it happens: bin/imio run reads the
                // instance's folder from standard output once this command ends.
                PlatformUpgrade upgrade = new PlatformUpgrade(home, PlatformVersion.distribution(), System.err);
                upgrade.resume(instance);
                if (!Files.exists(instance.etc(Instance.PLATFORM_CFG)) && options.role() != null) {
                    create(instance, options);
                }
                Preflight.Checked checked = new Preflight().check(instance);
                if (options.role() != null && checked.role() != options.role()) {
                    throw new LaunchException(instance.dir() + " is a " + checked.role().id() + " instance, not a "
                            + options.role().id() + " one; a role cannot change: use another folder");
                }
                upgrade.run(instance);
                out.println("Starting " + checked.role().id() + " instance " + instance.dir() + " on http://"
                        + displayAddress(checked.httpAddress()) + ":" + checked.httpPort() + "/");
                out.println(instance.dir());
            }
            case "locate" -> out.println(options.instance(home, false).dir());
            default -> throw new LaunchException(command.isEmpty() ? "no command given\n" + USAGE
                    : "unknown command '" + command + "'\n" + USAGE);
        }
    }

    /** {@code upgrade-check}: what {@code run} would do to the instance's version, without changing anything. */
    private void upgradeCheck(Instance instance) throws LaunchException, IOException {
        PlatformVersion distribution = PlatformVersion.distribution();
        new Preflight().role(instance);
        Properties journal = PlatformUpgrade.journal(instance);
        if (journal != null) {
            out.println("An upgrade to " + journal.getProperty("to") + " stopped at step " + journal.getProperty("step")
                    + " (" + instance.dir().resolve(PlatformUpgrade.FOLDER) + "); bin/imio run of that distribution"
                    + " completes it, or starts it again when it stopped before replacing etc/.");
        }
        switch (InstanceVersion.standing(instance, distribution)) {
            case SAME -> out.println(instance.dir() + " runs platform " + distribution + " already: nothing to upgrade"
                    + (journal == null ? "" : " (its upgrade completes at its next start)"));
            case UNRECORDED -> out.println(instance.dir() + " was made by this build (" + distribution + ") before"
                    + " versions were recorded: its next start records it, nothing else changes");
            case OLDER -> {
                PlatformUpgrade upgrade = new PlatformUpgrade(home, distribution, out);
                PlatformUpgrade.Plan plan = upgrade.plan(instance);
                upgrade.print(instance, plan);
                if (!plan.possible()) {
                    status = 1;
                }
            }
        }
    }

    /** {@code service install <folder> [--user U] [--name N] [--unit-dir D]}: a systemd unit for the instance. */
    private void service(Deque<String> rest) throws LaunchException, IOException {
        if (rest.isEmpty() || !rest.pop().equals("install") || rest.isEmpty() || rest.peek().startsWith("-")) {
            throw new LaunchException("say: bin/imio service install <folder> [--user <user>]\n" + USAGE);
        }
        Instance instance = new Instance(Path.of(rest.pop()));
        String user = null;
        String name = null;
        Path unitDir = null;
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--user" -> user = Options.value(option, rest);
                case "--name" -> name = Options.value(option, rest);
                case "--unit-dir" -> unitDir = Path.of(Options.value(option, rest)).toAbsolutePath();
                default -> throw new LaunchException("unknown option " + option + "\n" + USAGE);
            }
        }
        new ServiceUnit(home, Path.of(System.getProperty("java.home")), out).install(instance, user, name, unitDir);
    }

    private void shell(Deque<String> rest) throws LaunchException, IOException {
        if (rest.isEmpty() || rest.peek().startsWith("-")) {
            throw new LaunchException("name the instance folder, then the command\n" + USAGE);
        }
        Instance instance = new Instance(Path.of(rest.pop()));
        String user = "admin";
        Path passwordFile = null;
        while (!rest.isEmpty() && rest.peek().startsWith("--")) {
            String option = rest.pop();
            switch (option) {
                case "--user" -> user = Options.value(option, rest);
                case "--password-file" -> passwordFile = Path.of(Options.value(option, rest));
                default -> throw new LaunchException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (rest.isEmpty()) {
            throw new LaunchException("name the command to run, such as: bin/imio shell " + instance.dir()
                    + " bundle:list");
        }
        status = new Shell(instance).run(user, passwordFile, Shell.command(List.copyOf(rest)));
    }

    private void create(Instance instance, Options options) throws LaunchException, IOException {
        if (options.role() == null) {
            throw new LaunchException("say which role the instance has: --role <" + String.join("|",
                    PlatformRole.ids().split(", ")) + ">");
        }
        if (options.role() != PlatformRole.HOST && (options.repository() != null || options.rootFingerprint() != null
                || options.connection().given())) {
            throw new LaunchException("--repository, --root-fingerprint, --host-id, --host-token(-file) and --channel are"
                    + " for a commune host (--role host)");
        }
        InstanceCreator.Settings settings = new InstanceCreator.Settings(options.role(), options.name(),
                options.httpPort(), options.sshPort(), options.listen(), options.repository(), options.rootFingerprint(),
                options.connection());
        AdminAccount admin = new InstanceCreator(home.resolve("etc"), new SecureRandom()).create(instance, settings);
        out.println("Created " + options.role().id() + " instance in " + instance.dir());
        out.println("  Administrator account: user '" + admin.user() + "', password in "
                + instance.dir().resolve(Instance.PASSWORD_FILE));
        out.println("  Keep the password somewhere safe and delete that file; it is shown nowhere else.");
        if (options.role() == PlatformRole.REPOSITORY) {
            out.println("  Its first start writes the root keys to " + instance.dir().resolve("offline-keys")
                    + " (root-1.key, root-2.key, root-3.key: two of the three sign each new root), and the top-level"
                    + " targets key (targets.key: it delegates each publisher's namespace to the publisher's own key,"
                    + " imio:targets-sign). Give each root key to a different person at iMio, keep targets.key"
                    + " with one of them, and take them all off this server; no backup holds them.");
        }
    }

    private static String displayAddress(String address) {
        String first = address.split(",")[0].strip();
        return first.equals("0.0.0.0") ? "localhost" : first;
    }

    /** The command line's options, checked as they are read. */
    record Options(String folder, PlatformRole role, String name, int httpPort, int sshPort, String listen,
            String repository, String rootFingerprint, InstanceCreator.HostConnection connection) {

        static Options parse(Deque<String> args) throws LaunchException {
            String folder = null;
            PlatformRole role = null;
            String name = "";
            int http = DEFAULT_HTTP_PORT;
            int ssh = DEFAULT_SSH_PORT;
            String listen = "127.0.0.1";
            String repository = null;
            String fingerprint = null;
            String hostId = null;
            String token = null;
            String channel = null;
            while (!args.isEmpty()) {
                String arg = args.pop();
                switch (arg) {
                    case "--role" -> role = role(value(arg, args));
                    case "--name" -> name = value(arg, args);
                    case "--http-port" -> http = port(arg, value(arg, args));
                    case "--ssh-port" -> ssh = port(arg, value(arg, args));
                    case "--listen" -> listen = value(arg, args);
                    case "--repository" -> repository = repositoryUrl(value(arg, args));
                    case "--root-fingerprint" -> fingerprint = fingerprint(value(arg, args));
                    case "--host-id" -> hostId = hostId(value(arg, args));
                    case "--host-token" -> token = token(arg, value(arg, args));
                    case "--host-token-file" -> token = token(arg, tokenFile(value(arg, args)));
                    case "--channel" -> channel = channel(value(arg, args));
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new LaunchException("unknown option '" + arg + "'\n" + USAGE);
                        }
                        if (folder != null) {
                            throw new LaunchException("one instance folder at a time ('" + folder + "', then '"
                                    + arg + "')\n" + USAGE);
                        }
                        folder = arg;
                    }
                }
            }
            if ((repository == null) != (fingerprint == null)) {
                throw new LaunchException("give --repository and --root-fingerprint together: the host trusts the"
                        + " repository's metadata only once it knows the fingerprint of its root");
            }
            if ((hostId == null) != (token == null)) {
                throw new LaunchException("give --host-id and --host-token-file (or --host-token) together: the"
                        + " repository issued them as a pair (POST /api/repository/hosts/)");
            }
            return new Options(folder, role, name, http, ssh, listen, repository, fingerprint,
                    new InstanceCreator.HostConnection(hostId, token, channel));
        }

        /** The named folder, or {@code instances/<role>} in the distribution when none is named. */
        Instance instance(Path home, boolean mustBeNamed) throws LaunchException {
            if (folder != null) {
                return new Instance(Path.of(folder));
            }
            if (mustBeNamed || role == null) {
                throw new LaunchException("name the instance folder, or give --role to use "
                        + home.resolve("instances") + "/<role>\n" + USAGE);
            }
            return new Instance(home.resolve("instances").resolve(role.id()));
        }

        static String value(String option, Deque<String> args) throws LaunchException {
            if (args.isEmpty() || args.peek().startsWith("--")) {
                throw new LaunchException(option + " needs a value");
            }
            return args.pop();
        }

        private static PlatformRole role(String value) throws LaunchException {
            try {
                return PlatformRole.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new LaunchException(e.getMessage());
            }
        }

        private static String repositoryUrl(String value) throws LaunchException {
            try {
                java.net.URI uri = new java.net.URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                }
            } catch (java.net.URISyntaxException e) {
                // answered below
            }
            throw new LaunchException("--repository '" + value + "' is not an http(s) URL such as"
                    + " https://depot.imio.be");
        }

        private static String fingerprint(String value) throws LaunchException {
            String hex = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new LaunchException("--root-fingerprint must be the 64 hexadecimal digits of a SHA-256, as"
                        + " given by iMio with the repository's address");
            }
            return hex;
        }

        /** As the repository registers hosts: lower-case letters, digits and dashes, 2 to 63. */
        private static String hostId(String value) throws LaunchException {
            if (!value.matches("[a-z0-9][a-z0-9-]{1,62}")) {
                throw new LaunchException("--host-id '" + value + "' is not a host id: 2 to 63 lower-case letters,"
                        + " digits and dashes, as registered at the repository (for instance commune-namur)");
            }
            return value;
        }

        /** A credential as the repository issues it: one word of printable ASCII, 16 to 200 characters. */
        private static String token(String option, String value) throws LaunchException {
            String token = value.strip();
            if (!token.matches("[\\x21-\\x7e]{16,200}")) {
                throw new LaunchException(option + ": the host's credential must be the secret the repository issued"
                        + " (16 to 200 printable characters, no space)");
            }
            return token;
        }

        /** The credential read from a file, so that it shows neither in the process list nor in the shell's history. */
        private static String tokenFile(String file) throws LaunchException {
            try {
                Path path = Path.of(file);
                if (Files.size(path) > 4096) {
                    throw new LaunchException("--host-token-file '" + file + "' is larger than a credential");
                }
                return Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new LaunchException("--host-token-file '" + file + "' cannot be read: " + e.getMessage());
            }
        }

        private static String channel(String value) throws LaunchException {
            if (!value.equals("stable") && !value.equals("testing")) {
                throw new LaunchException("--channel '" + value + "' is not a channel: stable or testing");
            }
            return value;
        }

        private static int port(String option, String value) throws LaunchException {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new LaunchException(option + " '" + value + "' is not a TCP port; use a number from 1 to 65535");
        }
    }
}
