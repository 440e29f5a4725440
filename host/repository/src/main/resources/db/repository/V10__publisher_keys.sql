-- The key each publisher signs its own releases with, on its own machine: only the public half is
-- here. The top-level targets delegate the publisher's namespaces to it (role publisher-ACCOUNT),
-- so that what the publisher signed is what hosts install, whatever this server holds. One row
-- per publisher; dates are ISO-8601 instants written as text.
CREATE TABLE REPOSITORY_PUBLISHER_KEY (
    ACCOUNT    VARCHAR(63)  NOT NULL PRIMARY KEY,
    KEY_ID     VARCHAR(64)  NOT NULL,
    PUBLIC_KEY VARCHAR(64)  NOT NULL,
    SET_BY     VARCHAR(100) NOT NULL,
    SET_AT     VARCHAR(40)  NOT NULL
);
