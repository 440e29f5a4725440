-- 1.1.0: what each room offers (projector, access for wheelchairs...), one word per line.
-- Nullable, so that 1.0.0 still works on this schema after a rollback.
ALTER TABLE SALLES_ROOM ADD COLUMN EQUIPMENT VARCHAR(1000);
