// A Connector over a CSV file exported by a job board or an open-data portal, with a column
// mapping that says which columns make which Posting field. Parsing is libcsv's (RFC 4180:
// quoted fields with embedded newlines and doubled quotes, CRLF or LF, any delimiter); a
// UTF-8 byte-order mark is skipped; .gz files are read transparently. The first record is
// the header.
//
// Each record becomes a Posting or a Rejection located as "line N", N being the physical
// line where the record starts. Rejected: a record with a different number of fields than
// the header, an unterminated quoted field (reported, then reading resumes on the next line),
// a record over max_record_bytes, no id or title, a structured value that does not parse (a
// salary bound that is not a number, min above max, a date that is not a date). Empty
// optional values are simply absent; blank lines are skipped.
//
// Pages hold up to `page_size` records. The cursor is the file cursor of jsonl_source.h:
// {"offset": <byte offset of the next record>, "line": <its line number>}.
//
// Thread-safety: one instance is used by one sync at a time (see connector.h).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/ingest/connector.h"

namespace jobrec::ingest {

struct CsvDescriptionPart {
  std::string column;
  std::string heading;  // when set, the part starts with a "<heading>:" line
};

// Column names are the header's, compared exactly. Empty = not mapped.
struct CsvColumnMapping {
  std::string provider;                       // required: Posting::provider ("nyc")
  std::vector<std::string> external_id;       // required: columns joined with "-"
  std::string title;                          // required
  std::string company;
  std::string company_default;                // when `company` is unmapped or empty
  std::vector<CsvDescriptionPart> description;  // non-empty parts joined by blank lines;
                                                // HTML is converted to text
  std::string location;
  bool parse_location = true;    // false: the column is kept as text only (street addresses)
  std::string location_city;     // defaults for parts the location column does not give
  std::string location_region;
  std::string location_country;  // ISO-2 or a name
  std::string remote;
  std::string salary_min;
  std::string salary_max;
  std::string salary_period;     // "Annual", "Hourly", …; default "year"
  std::string salary_text;       // free text ("$30 - $40 per hour"), used when min/max are not
  std::string salary_currency;   // column
  std::string currency_default;  // ISO 4217, when there is no currency column or it is empty
  std::string employment_type;
  std::string posted_at;
  std::string expires_at;
  std::string url;
  std::string url_template;      // "https://…?id={Job ID}": {Column} replaced, URL-encoded
  std::vector<std::string> labels;  // copied into Posting::labels under snake_case names
};

// The built-in mapping for NYC Open Data's "NYC Jobs" export (data/nyc/nyc-jobs.csv).
// Errors: NotFound for an unknown preset name.
absl::StatusOr<CsvColumnMapping> CsvPreset(const std::string& name);
// The preset names, sorted.
std::vector<std::string> CsvPresetNames();

// A mapping from configuration: an object with the CsvColumnMapping member names as keys
// ("description" is an array of column names or {"column", "heading"} objects;
// "external_id" and "labels" a column name or an array). Errors: InvalidArgument naming the
// key for an unknown key, a wrong type or a missing required key.
absl::StatusOr<CsvColumnMapping> CsvMappingFromJson(const nlohmann::json& config);

struct CsvSourceOptions {
  std::string path;
  CsvColumnMapping mapping;
  char delimiter = ',';
  size_t page_size = 500;                 // records per page, 1..100000
  size_t max_record_bytes = 1u << 20;     // longer records are rejected
  size_t max_record_lines = 10000;        // a quoted field open longer is "unterminated"
};

class CsvSource : public Connector {
 public:
  // Reads the header. Errors: NotFound / PermissionDenied when the file cannot be opened;
  // InvalidArgument (the mapping key named) when a mapped column is not in the header, a
  // required mapping is missing, or the file has no header; DataLoss for a corrupt .gz.
  static absl::StatusOr<std::unique_ptr<CsvSource>> Open(CsvSourceOptions options);
  ~CsvSource() override;

  // Errors: InvalidArgument for a malformed cursor; DataLoss for a corrupt .gz file.
  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

  const std::vector<std::string>& header() const;

 private:
  class Impl;
  explicit CsvSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// From connector parameters {"path", "preset" | "mapping", "delimiter", "page_size"}.
absl::StatusOr<std::unique_ptr<Connector>> NewCsvSource(const nlohmann::json& params);

}  // namespace jobrec::ingest
