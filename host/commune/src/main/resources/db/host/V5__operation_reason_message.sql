-- An operation's reason is also kept as a message (its key in the engine's texts and its
-- arguments, as JSON), so that it is shown in the reader's language, German included. REASON
-- keeps its French and English words, as the REST API sends them and as older rows have them.
ALTER TABLE HOST_OPERATION ADD COLUMN REASON_MESSAGE VARCHAR(4000);
