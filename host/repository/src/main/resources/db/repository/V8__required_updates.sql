-- Releases iMio requires every host to take by a date (a security fix), signed in the targets
-- metadata with their reason and the latest date a commune may defer them to. One row per
-- release. The dates are ISO-8601 instants written as text: a deadline must not move by an hour
-- when a JVM in Brussels time reads a TIMESTAMP across the change of season.
CREATE TABLE REPOSITORY_REQUIRED_UPDATE (
    GROUP_ID    VARCHAR(200) NOT NULL,
    ARTIFACT_ID VARCHAR(200) NOT NULL,
    VERSION     VARCHAR(100) NOT NULL,
    REQUIRED_BY VARCHAR(40)  NOT NULL,
    REASON      VARCHAR(500) NOT NULL,
    DEFER_LIMIT VARCHAR(40)  NOT NULL,
    SET_BY      VARCHAR(100) NOT NULL,
    SET_AT      VARCHAR(40)  NOT NULL,
    PRIMARY KEY (GROUP_ID, ARTIFACT_ID, VERSION)
);
