-- The mandatory updates this host's administrators deferred: one row per requirement (a release and
-- the deadline iMio set for it), so that a requirement is deferred once (the key refuses a second)
-- and a deferral never answers a later requirement of the same release. Times are ISO-8601
-- instants written as text: a deadline must not move by an hour when a JVM in Brussels time reads
-- a TIMESTAMP across the change of season.
CREATE TABLE HOST_DEFERRAL (
    GROUP_ID       VARCHAR(200) NOT NULL,
    MODULE         VARCHAR(200) NOT NULL,
    VERSION        VARCHAR(100) NOT NULL,
    REQUIRED_BY    VARCHAR(40)  NOT NULL,
    DEFERRED_UNTIL VARCHAR(40)  NOT NULL,
    REASON         VARCHAR(500) NOT NULL,
    DEFERRED_BY    VARCHAR(100) NOT NULL,
    DEFERRED_AT    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (GROUP_ID, MODULE, VERSION, REQUIRED_BY)
);
