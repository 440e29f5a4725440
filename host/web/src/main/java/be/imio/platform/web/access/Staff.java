package be.imio.platform.web.access;

import java.util.Set;

/** A logged-in member of staff: the account's name and the realm's roles it holds. */
public record Staff(String user, Set<String> roles) {

    public Staff {
        roles = Set.copyOf(roles);
    }
}
