-- postings_dedupe_company (company_norm, id) goes (issue 4, bulk speed): since 0062 every
-- company lookup of store/posting_dedupe.cc is planned on postings_dedupe_company_place, whose
-- key starts with (company_norm, seniority) and the seniority guard is an equality — a probe
-- that is remote or has no city reads its company's postings at its seniority there and sorts
-- the few that pass the near-duplicate filter. The unused index cost every posting written an
-- index insert.
DROP INDEX postings_dedupe_company;
