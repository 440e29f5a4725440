package be.imio.platform.repository.internal.shell;

import org.apache.karaf.shell.support.CommandException;

import be.imio.platform.api.ShellWords;

/** {@code group:artifact:version} as typed in the shell. */
public record Coordinates(String groupId, String artifactId, String version) {

    static Coordinates parse(String text, ShellWords words) throws CommandException {
        String[] parts = text.split(":");
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new CommandException(words.say("shell.coordinates.bad", text));
        }
        return new Coordinates(parts[0], parts[1], parts[2]);
    }
}
