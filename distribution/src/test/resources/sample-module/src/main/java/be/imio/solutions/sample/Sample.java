package be.imio.solutions.sample;

/** Something to compile, so that the released jar is an ordinary bundle. */
public final class Sample {

    private Sample() {
    }

    public static String greeting() {
        return "Bonjour";
    }
}
