package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No default account anywhere, a fresh random administrator per instance, and nothing but the
 * public pages without logging in.
 */
class SecurityIT {

    private static RunningInstance host;

    @BeforeAll
    static void startHost() throws Exception {
        host = RunningInstance.create(Distribution.unpacked(), "host");
        host.start();
    }

    @AfterAll
    static void stopHost() throws Exception {
        host.close();
    }

    @Test
    void theDistributionHasNoKarafUserAndEachInstanceItsOwnHashedAdmin() throws Exception {
        Distribution distribution = Distribution.unpacked();
        String shipped = Files.readString(distribution.home.resolve("etc/users.properties"));
        assertFalse(shipped.lines().anyMatch(l -> l.matches("^\\s*karaf\\s*[=:].*")), "no karaf user may be shipped");
        assertFalse(shipped.lines().anyMatch(l -> l.matches("^\\s*admin\\s*[=:].*")), "no admin user may be shipped");

        String users = Files.readString(host.dir.resolve("etc/users.properties"));
        String password = host.adminPassword();
        assertTrue(password.length() >= 20, "the generated password is long");
        assertFalse(users.contains(password), "the password is stored only as a digest");
        assertTrue(users.lines().anyMatch(l -> l.matches("^admin = \\{CRYPT\\}[0-9a-f]{128}\\{CRYPT\\},_g_:admingroup$")));
        Path passwordFile = host.dir.resolve("admin-password.txt");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));

        RunningInstance other = RunningInstance.create(distribution, "host");
        assertFalse(other.adminPassword().equals(password), "every instance gets its own password");
    }

    @Test
    void theApiRefusesAnonymousAndWrongCredentials() throws Exception {
        HttpResponse<String> anonymous = host.get("/api/status", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(anonymous.body().contains("\"error\":\"authentication_required\""), anonymous.body());

        assertEquals(401, host.get("/api/status", "karaf:karaf").statusCode(), "karaf/karaf must not exist");
        assertEquals(401, host.get("/api/status", "admin:admin").statusCode());
        assertEquals(401, host.get("/api/status", "admin:" + host.adminPassword() + "x").statusCode());
        assertEquals(200, host.getAsAdmin("/api/status").statusCode());
        assertEquals(401, host.get("/api/anything-else", null).statusCode(), "the whole /api tree is protected");
    }

    @Test
    void aScriptRunsOneShellCommandAndGetsItsWholeOutputAndStatus() throws Exception {
        // From a script, cron or a service check: standard input is not a terminal and ends at once,
        // which makes Karaf's own bin/client print only "Closed".
        Distribution distribution = Distribution.unpacked();
        Path password = Files.writeString(Files.createTempFile(distribution.root, "admin-", ".pw"),
                host.adminPassword() + "\n");
        String first = null;
        for (int run = 0; run < 3; run++) {
            Result listed = imioShell(distribution, "--password-file", password.toString(), "bundle:list", "-s", "-t", "0");
            assertEquals(0, listed.status(), listed.output());
            assertTrue(listed.output().contains("be.imio.platform.commune") && listed.output().contains("org.apache.felix.scr"),
                    listed.output());
            if (first == null) {
                first = listed.output();
            } else {
                assertEquals(first, listed.output(), "the whole list, every time");
            }
        }
        Result unknown = imioShell(distribution, "--password-file", password.toString(), "no-such:command");
        assertTrue(unknown.output().toLowerCase(java.util.Locale.ROOT).contains("not found"), unknown.output());
        assertTrue(unknown.status() != 0, "a failed command fails the script: " + unknown.status());
        // The platform's own commands fail the same way when they refuse or change nothing.
        for (String[] failing : new String[][] {{"imio:module-enable", "no-such-module"},
            {"imio:module-disable", "no-such-module"}, {"imio:module-policy", "no-such-module", "automatic"}}) {
            String[] arguments = new String[failing.length + 2];
            arguments[0] = "--password-file";
            arguments[1] = password.toString();
            System.arraycopy(failing, 0, arguments, 2, failing.length);
            Result result = imioShell(distribution, Map.of(), arguments);
            assertTrue(result.status() != 0, failing[0] + " failed, so must the script: " + result.output());
            assertTrue(result.output().contains("Refusé : ") && result.output().contains(" / Refused: "),
                    "no language named: French then English: " + result.output());
            assertFalse(result.output().contains("\u001b"), "no terminal colours for a script: " + result.output());
        }
        // The language the caller's environment names goes with the command (LC_ALL, LC_MESSAGES, LANG as POSIX
        // orders them), and the command answers in it alone.
        String[] enable = {"--password-file", password.toString(), "imio:module-enable", "no-such-module"};
        Result german = imioShell(distribution, Map.of("LANG", "de_BE.UTF-8"), enable);
        assertTrue(german.status() != 0 && german.output().contains("Abgelehnt: ") && !german.output().contains("Refus"),
                german.output());
        Result english = imioShell(distribution, Map.of("LANG", "de_BE.UTF-8", "LC_MESSAGES", "en_GB.UTF-8"), enable);
        assertTrue(english.output().contains("Refused: ") && !english.output().contains("Abgelehnt"), english.output());
        Result french = imioShell(distribution, Map.of("LC_ALL", "fr_BE.UTF-8", "LANG", "en_US.UTF-8"), enable);
        assertTrue(french.output().contains("Refusé : ") && !french.output().contains("Refused"), french.output());
        Result grep = imioShell(distribution, "--password-file", password.toString(), "bundle:list -s -t 0 | grep felix.scr");
        assertEquals(0, grep.status(), grep.output());
        assertTrue(grep.output().contains("org.apache.felix.scr"), grep.output());
        assertFalse(grep.output().contains("\u001b"), "grep's match without its colour: " + grep.output());
        assertFalse(unknown.output().contains("\u001b"), unknown.output());
        Path wrong = Files.writeString(Files.createTempFile(distribution.root, "wrong-", ".pw"), "not-the-password\n");
        Result refused = imioShell(distribution, "--password-file", wrong.toString(), "bundle:list");
        assertEquals(2, refused.status(), refused.output());
        assertTrue(refused.output().contains("refused or did not answer"), refused.output());
        assertFalse(refused.output().contains("org.apache.felix.scr"), refused.output());
    }

    private record Result(int status, String output) {
    }

    /** {@code bin/imio shell} on the host, its standard input closed at once, as a script's may be. */
    private static Result imioShell(Distribution distribution, String... arguments) throws Exception {
        return imioShell(distribution, Map.of(), arguments);
    }

    /** The same, with {@code environment} added to the caller's. */
    private static Result imioShell(Distribution distribution, Map<String, String> environment, String... arguments)
            throws Exception {
        String[] all = new String[arguments.length + 2];
        all[0] = "shell";
        all[1] = host.dir.toString();
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        ProcessBuilder builder = distribution.builder(all).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process shell = builder.start();
        shell.getOutputStream().close();
        String output = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "bin/imio shell ended");
        return new Result(shell.exitValue(), output);
    }

    @Test
    void theKarafShellOverSshTakesTheGeneratedAdminOnly() throws Exception {
        assertTrue(shell("admin", host.adminPassword()).contains("4.4.10"), "admin reaches the Karaf shell");
        assertFalse(shell("karaf", "karaf").contains("4.4.10"), "karaf/karaf must not open the shell");
        assertFalse(shell("admin", "admin").contains("4.4.10"));
    }

    private static String shell(String user, String password) throws Exception {
        return host.shell(user, password, "system:version");
    }

    @Test
    void publicPagesAnswerInFrenchWithSecurityHeadersAndEscapedNames() throws Exception {
        HttpResponse<String> home = host.get("/", null);
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("<html lang=\"fr\">"), home.body());
        assertTrue(home.body().contains("Hôte communal"), home.body());
        assertTrue(home.body().contains("Commune d&#39;Essai &lt;test&gt;"), "the name is escaped: " + home.body());
        assertFalse(home.body().contains("<test>"));
        assertEquals("DENY", home.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", home.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(home.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));

        assertEquals(404, host.get("/no-such-page", null).statusCode());
        assertEquals("DENY", host.get("/api/status", null).headers().firstValue("X-Frame-Options").orElse(""),
                "the API carries the headers too");
    }
}
