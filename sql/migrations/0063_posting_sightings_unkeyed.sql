-- posting_sightings loses its foreign key to postings (issue 4, bulk speed). The key was checked
-- for every row a sync page writes there — an index probe and a row lock on the posting, 4-8 us
-- per posting, measured on a 100k import — for postings the same transaction has just stored or
-- found. The service never deletes postings; these triggers keep a deletion or truncation by
-- hand from leaving sightings behind, as the key's ON DELETE CASCADE did.
ALTER TABLE posting_sightings DROP CONSTRAINT posting_sightings_posting_id_fkey;

CREATE FUNCTION posting_sightings_forget_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM posting_sightings s USING deleted_postings d WHERE s.posting_id = d.id;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_forget_sightings AFTER DELETE ON postings
  REFERENCING OLD TABLE AS deleted_postings
  FOR EACH STATEMENT EXECUTE FUNCTION posting_sightings_forget_deleted();

CREATE FUNCTION posting_sightings_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE posting_sightings;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_truncate_sightings AFTER TRUNCATE ON postings
  FOR EACH STATEMENT EXECUTE FUNCTION posting_sightings_forget_all();
