-- Bulk import speed (issue 4). Computing the stemmed full-text vector of every posting inside
-- the insert (a generated column) and adding it to its GIN index took most of an import's
-- time. The vector is now filled in right after the page that stores a posting commits, by the
-- writer's search indexer (store/posting_writer_search.h), in batches of its own: search IS
-- NULL marks a posting stored (listed, deduplicated) but not yet found by the jobs API's q.
--
-- DROP EXPRESSION keeps the vectors already computed.
ALTER TABLE postings ALTER COLUMN search DROP EXPRESSION;

-- The vector the generated column computed, in one place for the indexer.
CREATE FUNCTION posting_search_vector(title text, company text, description text)
  RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, title), 'A') ||
         setweight(to_tsvector('english'::regconfig, company), 'B') ||
         setweight(to_tsvector('english'::regconfig, description), 'D')
$$;

-- What the indexer has left to do, oldest first.
CREATE INDEX postings_search_pending ON postings (id) WHERE search IS NULL;
