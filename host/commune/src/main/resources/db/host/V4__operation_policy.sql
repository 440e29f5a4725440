-- The policy a policy change sets gets its own column: it was journalled in TO_VERSION, which
-- holds versions. Rows journalled before are moved over.
ALTER TABLE HOST_OPERATION ADD COLUMN POLICY VARCHAR(16);
UPDATE HOST_OPERATION SET POLICY = TO_VERSION, TO_VERSION = NULL WHERE ACTION = 'policy';
