#set( $prefix = $artifactId.toUpperCase().replace("-", "_") )
-- The notes staff write down. A later release adds (a table, an index, a nullable column), never
-- drops or changes: the previous release must still run on the newer schema after a rollback.
CREATE TABLE ${prefix}_NOTE (
    ID          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    NOTE_TEXT   VARCHAR(500) NOT NULL,
    WRITTEN_BY  VARCHAR(100) NOT NULL,
    WRITTEN_AT  TIMESTAMP    NOT NULL
);
