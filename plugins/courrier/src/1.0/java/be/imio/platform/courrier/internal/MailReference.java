package be.imio.platform.courrier.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A letter's reference: its year and its number in that year, written {@code 2026-0042}. */
record MailReference(int year, int number) {

    private static final Pattern TEXT = Pattern.compile("(\\d{4})-(\\d{1,9})");

    @Override
    public String toString() {
        return String.format("%d-%04d", year, number);
    }

    /** The reference written in {@code text}, or null when it is not one. */
    static MailReference parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        return m.matches() ? new MailReference(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }
}
