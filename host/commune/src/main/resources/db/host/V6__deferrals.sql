-- The mandatory updates this host's administrators deferred: one row per release, so that a release
-- is deferred once (the key refuses a second). Times are ISO-8601 instants written as text: a
-- deadline must not move by an hour when a JVM in Brussels time reads a TIMESTAMP across the change
-- of season.
CREATE TABLE HOST_DEFERRAL (
    GROUP_ID       VARCHAR(200) NOT NULL,
    MODULE         VARCHAR(200) NOT NULL,
    VERSION        VARCHAR(100) NOT NULL,
    DEFERRED_UNTIL VARCHAR(40)  NOT NULL,
    REASON         VARCHAR(500) NOT NULL,
    DEFERRED_BY    VARCHAR(100) NOT NULL,
    DEFERRED_AT    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (GROUP_ID, MODULE, VERSION)
);
