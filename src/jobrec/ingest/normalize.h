// Everything a connector needs to turn a provider's item into a Posting, in one include.
#pragma once

#include "jobrec/ingest/html_text.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_employment.h"
#include "jobrec/ingest/normalize_location.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/normalize_remote.h"
#include "jobrec/ingest/normalize_salary.h"
#include "jobrec/ingest/normalize_text.h"
