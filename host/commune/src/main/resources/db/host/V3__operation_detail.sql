-- The technical message behind an operation's reason (Karaf's or Java's words), kept apart from the
-- reason staff read, which is in French and English. Operations journalled before have none.
ALTER TABLE HOST_OPERATION ADD COLUMN DETAIL VARCHAR(4000);
