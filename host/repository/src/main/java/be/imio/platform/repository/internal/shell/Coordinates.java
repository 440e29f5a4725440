package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.support.CommandException;

/** {@code group:artifact:version} as typed in the shell. */
public record Coordinates(String groupId, String artifactId, String version) {

    static Coordinates parse(String text) throws CommandException {
        String[] parts = text.split(":");
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new CommandException("give the release as group:artifact:version, not '" + text + "'");
        }
        return new Coordinates(parts[0], parts[1], parts[2]);
    }
}
