-- 1.1.0: a date by which a letter must be dealt with. Added, never required, so that 1.0.0 still
-- reads and writes the register after a rollback.
ALTER TABLE COURRIER_MAIL ADD COLUMN DUE_ON DATE;
