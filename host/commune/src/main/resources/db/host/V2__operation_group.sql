-- The group of the module each operation is about: a module is known by its group and artifact,
-- and two groups may release the same short name. Operations journalled before have none.
ALTER TABLE HOST_OPERATION ADD COLUMN GROUP_ID VARCHAR(200);
