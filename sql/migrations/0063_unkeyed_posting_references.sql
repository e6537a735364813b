-- The foreign keys the posting writer's rows were checked against go (issue 4, bulk speed):
-- posting_sightings.posting_id, postings.source_id and postings.canonical_id. Each was checked
-- for every row a sync page writes — a lookup and a row lock on the referenced row — for rows
-- the same transaction has just stored or found: 100k sighting inserts took 640-1,080 ms with
-- the key and 235 ms without; storing a 100k import's postings 52-55 us per row with their two
-- keys and 47 without. What the keys guaranteed holds otherwise:
--  * a page of a sync locks its source's row once (FOR KEY SHARE, store/posting_writer.cc), so
--    a source cannot go while a page of it is written, and a page of a deleted source fails
--    whole;
--  * sightings and canonical_id are written only by the writer, under its write lock, for
--    postings it has just stored or read as active, and the service never deletes postings or
--    sources;
--  * deleting or truncating postings or sources by hand clears what pointed at them, as the
--    keys' ON DELETE CASCADE / SET NULL did (the triggers below).
ALTER TABLE posting_sightings DROP CONSTRAINT posting_sightings_posting_id_fkey;
ALTER TABLE postings DROP CONSTRAINT postings_source_id_fkey,
                     DROP CONSTRAINT postings_canonical_id_fkey;

-- Postings gone: their sightings go, and their duplicates lead themselves.
CREATE FUNCTION postings_forget_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE posting_sightings;
  ELSE
    DELETE FROM posting_sightings s USING deleted_postings d WHERE s.posting_id = d.id;
    UPDATE postings p SET canonical_id = NULL FROM deleted_postings d WHERE p.canonical_id = d.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_forget_deleted AFTER DELETE ON postings
  REFERENCING OLD TABLE AS deleted_postings
  FOR EACH STATEMENT EXECUTE FUNCTION postings_forget_deleted();
CREATE TRIGGER postings_forget_truncated AFTER TRUNCATE ON postings
  FOR EACH STATEMENT EXECUTE FUNCTION postings_forget_deleted();

-- Sources gone: their postings keep no source.
CREATE FUNCTION sources_forget_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE postings SET source_id = NULL WHERE source_id IS NOT NULL;
  ELSE
    UPDATE postings p SET source_id = NULL FROM deleted_sources d WHERE p.source_id = d.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER sources_forget_deleted AFTER DELETE ON sources
  REFERENCING OLD TABLE AS deleted_sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_forget_deleted();
CREATE TRIGGER sources_forget_truncated AFTER TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_forget_deleted();
