-- Staged rollouts: a release offered ring after ring, each soaking before the next, halted by the
-- repository itself when hosts of the rings report it rolled back or unhealthy. RINGS is the
-- rings as signed, with each ring's soak: [{"hosts": [...], "soakMinutes": 60}, {"percent": 25, ...}].
-- A ring soaks from RING_REACHED_AT, when a host of it first reported running the release; a
-- release still in testing is promoted once its rollout is signed (PROMOTE_PENDING until then).
CREATE TABLE REPOSITORY_ROLLOUT (
    ID                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    GROUP_ID              VARCHAR(200)   NOT NULL,
    ARTIFACT_ID           VARCHAR(200)   NOT NULL,
    VERSION               VARCHAR(100)   NOT NULL,
    RINGS                 VARCHAR(32000) NOT NULL,
    STAGE                 INT            NOT NULL,
    STATE                 VARCHAR(16)    NOT NULL,
    STAGE_STARTED_AT      TIMESTAMP      NOT NULL,
    RING_REACHED_AT       TIMESTAMP,
    PROMOTE_PENDING       SMALLINT       DEFAULT 0 NOT NULL,
    WATCH_FROM            TIMESTAMP      NOT NULL,
    MAX_ROLLBACKS         INT            NOT NULL,
    MAX_UNHEALTHY_PERCENT INT            NOT NULL,
    HALT_REASON           VARCHAR(40),
    HALT_HOSTS            VARCHAR(4000),
    CREATED_BY            VARCHAR(100)   NOT NULL,
    CREATED_AT            TIMESTAMP      NOT NULL,
    UPDATED_AT            TIMESTAMP      NOT NULL
);
