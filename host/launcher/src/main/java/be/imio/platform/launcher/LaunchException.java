package be.imio.platform.launcher;

/** A problem the operator can fix; its message is the one line they read, saying what and how. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }
}
