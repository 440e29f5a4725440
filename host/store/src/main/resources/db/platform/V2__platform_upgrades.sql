-- Each upgrade of the platform on this instance (bin/imio run with a newer distribution), recorded
-- by the new platform's first start.
CREATE TABLE PLATFORM_UPGRADE (
    ID            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    FROM_VERSION  VARCHAR(40)   NOT NULL,
    TO_VERSION    VARCHAR(40)   NOT NULL,
    STARTED_AT    TIMESTAMP     NOT NULL,
    COMPLETED_AT  TIMESTAMP     NOT NULL,
    BACKUP_FILE   VARCHAR(1000) NOT NULL
);
