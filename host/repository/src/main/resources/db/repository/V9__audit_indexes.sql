-- The audit log is read back in the console and over REST, filtered by action and by account:
-- indexed, so that a filter does not read the whole log, which only grows.
CREATE INDEX REPOSITORY_AUDIT_ACTION ON REPOSITORY_AUDIT (ACTION);
CREATE INDEX REPOSITORY_AUDIT_ACTOR ON REPOSITORY_AUDIT (ACTOR);
