package be.imio.platform.api.web;

import java.io.IOException;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/** What a {@link Route} does with a request it answers: a module's code, often a method reference. */
@ConsumerType
@FunctionalInterface
public interface Handler {

    /**
     * Answers {@code call}. An {@link SQLException} thrown here is answered 503 by the
     * {@link Router} (the database is unreachable, or being migrated), if nothing was sent yet.
     */
    void answer(Call call) throws IOException, SQLException;
}
