-- The module's own table, with one row the tests expect to find again.
CREATE TABLE SNOOP_NOTE (
    ID    INTEGER      NOT NULL PRIMARY KEY,
    TEXT  VARCHAR(100) NOT NULL
);
INSERT INTO SNOOP_NOTE (ID, TEXT) VALUES (1, 'kept');
