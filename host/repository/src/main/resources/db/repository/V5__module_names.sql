-- Who owns each module name: the artifactId of a features XML and every feature it defines belong
-- to the group that released it first. Karaf knows features by name alone, so a second group
-- releasing the same name could pass its module off as another's on every host.
CREATE TABLE REPOSITORY_NAME (
    NAME       VARCHAR(200) NOT NULL PRIMARY KEY,
    GROUP_ID   VARCHAR(200) NOT NULL,
    CLAIMED_BY VARCHAR(800) NOT NULL,
    CLAIMED_AT TIMESTAMP    NOT NULL
);
