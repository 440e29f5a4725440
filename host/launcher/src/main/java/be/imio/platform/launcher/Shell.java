package be.imio.platform.launcher;

import java.io.Console;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * {@code bin/imio shell DIR [--user U] [--password-file F] COMMAND...}: runs one Karaf shell
 * command in a running instance, over its SSH shell (on the address and port of the instance's
 * {@code etc/org.apache.karaf.shell.cfg}), prints its whole output and exits with its status. For
 * scripts, cron and service checks: Karaf 4.4's own {@code bin/client "command"} ends the session
 * as soon as its standard input ends, so from a script it prints only "Closed". The password comes
 * from {@code --password-file}, else from the terminal, else from the instance's
 * {@code admin-password.txt} while it is still there; it is never a command-line argument, which
 * every local user could read in the process list. The caller's {@code LC_ALL}, {@code LC_MESSAGES}
 * and {@code LANG} go with the command, so the platform's commands answer in the caller's language.
 */
final class Shell {

    /** Addresses a shell on this machine listens on: no one else can stand between the two ends. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "0.0.0.0", "::");
    private static final Duration CONNECT = Duration.ofSeconds(15);
    /** The POSIX variables that name the language of messages, in their order of precedence. */
    private static final List<String> LOCALE_VARIABLES = List.of("LC_ALL", "LC_MESSAGES", "LANG");

    private final Instance instance;

    Shell(Instance instance) {
        this.instance = instance;
    }

    /** Runs {@code command} as {@code user}; answers its exit status (0 when Karaf says none). */
    int run(String user, Path passwordFile, String command) throws LaunchException, IOException {
        CfgFile shell = CfgFile.read(instance.etc(Instance.SHELL_CFG), instance.dir());
        String address = shell.get(Instance.SSH_HOST) == null ? "127.0.0.1" : shell.get(Instance.SSH_HOST).strip();
        String port = shell.get(Instance.SSH_PORT);
        if (port == null || !port.strip().matches("\\d{1,5}")) {
            throw new LaunchException(instance.etc(Instance.SHELL_CFG) + " names no sshPort");
        }
        if (!LOOPBACK.contains(address)) {
            // Its host key cannot be checked here: use bin/client, which keeps known hosts.
            throw new LaunchException("the instance's shell listens on " + address + ", not on this machine's loopback;"
                    + " use bin/client -h " + address + " -a " + port.strip() + " -u " + user);
        }
        String password = password(passwordFile);
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, address.contains(":") ? "::1" : "127.0.0.1",
                    Integer.parseInt(port.strip())).verify(CONNECT).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(CONNECT);
                try (ChannelExec exec = session.createExecChannel(command)) {
                    // The language the person named, as OpenSSH's SendEnv LANG LC_* sends it: the
                    // platform's commands answer in it.
                    for (String name : LOCALE_VARIABLES) {
                        String value = System.getenv(name);
                        if (value != null && !value.isBlank()) {
                            exec.setEnv(name, value);
                        }
                    }
                    // Karaf colours errors and grep's matches even without a terminal; a script reading
                    // the output gets the text only.
                    boolean plain = System.console() == null;
                    exec.setOut(new KeptOpen(System.out, plain));
                    exec.setErr(new KeptOpen(System.err, plain));
                    exec.open().verify(CONNECT);
                    exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
                    System.out.flush();
                    Integer status = exec.getExitStatus();
                    return status == null ? 0 : status;
                }
            } catch (IOException e) {
                throw new LaunchException("the shell of " + instance.dir() + " on port " + port.strip() + " refused or"
                        + " did not answer (" + e.getMessage() + "): is the instance running, the account and password"
                        + " right?");
            }
        }
    }

    /** The shell command that {@code words} make, as Karaf reads one line. */
    static String command(List<String> words) {
        return String.join(" ", words);
    }

    private String password(Path file) throws LaunchException, IOException {
        if (file != null) {
            return firstLine(file);
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            if (typed != null) {
                return new String(typed);
            }
        }
        Path generated = instance.dir().resolve(Instance.PASSWORD_FILE);
        if (Files.isRegularFile(generated)) {
            return firstLine(generated);
        }
        throw new LaunchException("give the password with --password-file FILE (a file only you can read), or run"
                + " from a terminal");
    }

    private static String firstLine(Path file) throws LaunchException, IOException {
        if (!Files.isReadable(file)) {
            throw new LaunchException("cannot read the password file " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }

    /**
     * Standard output and error stay open when the channel closes its streams; with {@code plain},
     * without the terminal's control sequences (ECMA-48 CSI: {@code ESC [}, parameters, one final
     * byte from {@code @} to {@code ~}), which may be split across writes.
     */
    static final class KeptOpen extends FilterOutputStream {
        private static final int TEXT = 0;
        private static final int ESCAPE = 1;
        private static final int SEQUENCE = 2;
        private final boolean plain;
        private int state = TEXT;

        KeptOpen(OutputStream out, boolean plain) {
            super(out);
            this.plain = plain;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!plain) {
                out.write(bytes, offset, length);
                return;
            }
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                int b = bytes[i] & 0xFF;
                if (state == TEXT) {
                    if (b == 0x1B) {
                        out.write(bytes, start, i - start);
                        state = ESCAPE;
                    }
                    continue;
                }
                if (state == ESCAPE) {
                    state = b == '[' ? SEQUENCE : TEXT;
                } else if (b >= 0x40 && b <= 0x7E) {
                    state = TEXT;
                }
                start = i + 1;
            }
            if (state == TEXT && start < offset + length) {
                out.write(bytes, start, offset + length - start);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
