-- postings.source_id and postings.canonical_id lose their foreign keys (issue 4, bulk speed),
-- as posting_sightings did in 0063. Each key was checked for every row a sync page writes — a
-- lookup and a row lock per posting: storing a 100k import's rows took 52-55 us per row with
-- them and 47 without (the source key alone ~5 us; the canonical key costs as much again for
-- each duplicate). What they guaranteed holds otherwise:
--  * a page of a sync locks its source's row once (FOR KEY SHARE, store/posting_writer.cc), so
--    a source cannot go while a page of it is being written, and a page of a deleted source
--    fails whole;
--  * canonical_id is set only by the writer, under its write lock, to postings it has just
--    read as active, and the service never deletes postings;
--  * deleting sources or postings by hand clears the references, as ON DELETE SET NULL did.
ALTER TABLE postings DROP CONSTRAINT postings_source_id_fkey,
                     DROP CONSTRAINT postings_canonical_id_fkey;

CREATE FUNCTION postings_forget_deleted_sources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE postings p SET source_id = NULL FROM deleted_sources d WHERE p.source_id = d.id;
  RETURN NULL;
END $$;
CREATE TRIGGER sources_forget_postings AFTER DELETE ON sources
  REFERENCING OLD TABLE AS deleted_sources
  FOR EACH STATEMENT EXECUTE FUNCTION postings_forget_deleted_sources();

CREATE FUNCTION postings_forget_all_sources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE postings SET source_id = NULL WHERE source_id IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER sources_truncate_postings AFTER TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION postings_forget_all_sources();

CREATE FUNCTION postings_forget_deleted_canonicals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE postings p SET canonical_id = NULL FROM deleted_postings d WHERE p.canonical_id = d.id;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_forget_canonicals AFTER DELETE ON postings
  REFERENCING OLD TABLE AS deleted_postings
  FOR EACH STATEMENT EXECUTE FUNCTION postings_forget_deleted_canonicals();
