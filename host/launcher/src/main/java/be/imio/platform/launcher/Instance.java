package be.imio.platform.launcher;

import java.nio.file.Path;

/** Where an instance keeps what: its own {@code etc/} and {@code data/}, beside the shared distribution. */
record Instance(Path dir) {

    static final String PLATFORM_CFG = "be.imio.platform.cfg";
    static final String WEB_CFG = "org.ops4j.pax.web.cfg";
    static final String SHELL_CFG = "org.apache.karaf.shell.cfg";
    static final String FEATURES_CFG = "org.apache.karaf.features.cfg";
    static final String USERS = "users.properties";
    static final String HOST_CFG = "be.imio.platform.host.cfg";
    static final String DATASOURCE_CFG = "org.ops4j.datasource-platform.cfg";
    static final String PASSWORD_FILE = "admin-password.txt";

    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_ADDRESS = "org.ops4j.pax.web.listening.addresses";
    static final String SSH_PORT = "sshPort";
    static final String SSH_HOST = "sshHost";

    Instance {
        dir = dir.toAbsolutePath().normalize();
    }

    Path etc() {
        return dir.resolve("etc");
    }

    Path data() {
        return dir.resolve("data");
    }

    Path etc(String file) {
        return etc().resolve(file);
    }
}
