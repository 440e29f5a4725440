-- One row: the instance itself. Its id outlives restarts; its role never changes.
CREATE TABLE PLATFORM_INSTANCE (
    ID               VARCHAR(36)  NOT NULL PRIMARY KEY,
    ROLE_ID          VARCHAR(20)  NOT NULL,
    DISPLAY_NAME     VARCHAR(200) NOT NULL,
    FIRST_STARTED    TIMESTAMP    NOT NULL,
    LAST_STARTED     TIMESTAMP    NOT NULL,
    START_COUNT      BIGINT       NOT NULL,
    PLATFORM_VERSION VARCHAR(40)  NOT NULL
);
