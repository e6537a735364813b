-- The provider's item is kept as json (its text, checked to be JSON) rather than jsonb (parsed
-- and rebuilt): every posting written stores one, almost nothing reads it, and building the
-- jsonb took more than half of the server's time to insert a posting in a bulk import (issue
-- 4). json keeps the item as delivered, key order and all, and still answers ->, ->> and a cast
-- to jsonb.
ALTER TABLE postings ALTER COLUMN raw DROP DEFAULT;
ALTER TABLE postings ALTER COLUMN raw TYPE json USING raw::json;
ALTER TABLE postings ALTER COLUMN raw SET DEFAULT '{}'::json;
DO $$
BEGIN
  ALTER TABLE postings ALTER COLUMN raw SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END
$$;
