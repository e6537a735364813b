// A Connector over a JSON Lines file (.jsonl, or gzip-compressed .jsonl.gz, detected from
// the content): one posting per line in our schema or a provider-ish variant (see
// posting_json.h). The demo corpus, data/demo/postings.jsonl.gz, is such a file.
//
// Pages hold up to `page_size` lines. The cursor is {"offset": <uncompressed byte offset of
// the next line>, "line": <its 1-based line number>}, so a sync interrupted after any page
// resumes at the next line. Blank lines are skipped; a bad line (invalid JSON, wrong types,
// no id or title, over max_line_bytes) becomes a Rejection "line N" with the reason.
//
// Thread-safety: one instance is used by one sync at a time (see connector.h).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/line_reader.h"

namespace jobrec::ingest {

struct JsonlSourceOptions {
  std::string path;
  std::string provider;             // for lines without "provider"; default "file:<file name>"
  size_t page_size = 500;           // lines per page, 1..100000
  size_t max_line_bytes = 4u << 20; // longer lines are rejected
};

class JsonlSource : public Connector {
 public:
  // Errors: InvalidArgument (field named) for a bad option; NotFound / PermissionDenied when
  // the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<JsonlSource>> Open(JsonlSourceOptions options);

  // Errors: InvalidArgument for a malformed cursor; DataLoss for a corrupt gzip stream.
  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  JsonlSource(JsonlSourceOptions options, std::unique_ptr<LineReader> reader);

  JsonlSourceOptions options_;
  std::unique_ptr<LineReader> reader_;
};

// Builds a JsonlSource from connector parameters {"path", "provider", "page_size"} (for the
// connector factory and `jobrec ingest`). Errors as Open, with the parameter named.
absl::StatusOr<std::unique_ptr<Connector>> NewJsonlSource(const nlohmann::json& params);

// A file cursor {"offset", "line"}, shared by the file sources.
struct FileCursor {
  uint64_t offset = 0;
  uint64_t line = 1;
};
// null -> the start. Errors: InvalidArgument when the cursor is not of that shape.
absl::StatusOr<FileCursor> ParseFileCursor(const nlohmann::json& cursor);
nlohmann::json FileCursorToJson(const FileCursor& cursor);

}  // namespace jobrec::ingest
