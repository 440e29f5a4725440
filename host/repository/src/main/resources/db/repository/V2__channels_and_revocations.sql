-- A revoked release stays listed, flagged, so that hosts learn of the revocation from signed metadata.
ALTER TABLE REPOSITORY_RELEASE ADD COLUMN REVOKED_REASON VARCHAR(500);
ALTER TABLE REPOSITORY_RELEASE ADD COLUMN REVOKED_AT TIMESTAMP;
