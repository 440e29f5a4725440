package be.imio.platform.console.api;

import java.util.List;
import java.util.Locale;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Entries of the console's navigation that lead outside the console (a commune host's modules'
 * own pages), after the console's pages. Registered as an OSGi service; asked at every page.
 */
@ConsumerType
public interface ConsoleMenu {

    /** One link: its address, its text in the reader's language, and an identifier for {@code data-module}. */
    record Entry(String href, String text, String module) {
    }

    /** The entries of the moment, in the reader's {@code language}. */
    List<Entry> entries(Locale language);
}
