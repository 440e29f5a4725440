-- Commune hosts known to the repository: a credential each (stored as its SHA-256 only) and the
-- latest report of what they run.
CREATE TABLE REPOSITORY_HOST (
    HOST_ID          VARCHAR(64)    NOT NULL PRIMARY KEY,
    TOKEN_SHA256     CHAR(64)       NOT NULL,
    REGISTERED_BY    VARCHAR(100)   NOT NULL,
    REGISTERED_AT    TIMESTAMP      NOT NULL,
    LAST_REPORT      VARCHAR(32000),
    LAST_REPORT_AT   TIMESTAMP,
    LAST_REPORT_FROM VARCHAR(100)
);
