-- What a module release tells the people who choose it: title, description, category and release
-- notes in French and English from its bundle, and on its features XML the features it depends on.
-- JSON text, signed in the targets metadata. A VARCHAR rather than a CLOB, so that the same script
-- runs on Derby and PostgreSQL; ReleaseAbout refuses a release whose text would not fit.
ALTER TABLE REPOSITORY_RELEASE ADD COLUMN ABOUT VARCHAR(32000);
