#include "jobrec/ingest/jsonl_source.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/posting_json.h"

namespace jobrec::ingest {

absl::StatusOr<FileCursor> ParseFileCursor(const nlohmann::json& cursor) {
  if (cursor.is_null()) return FileCursor{};
  const auto offset = cursor.find("offset");
  const auto line = cursor.find("line");
  const auto non_negative = [](const nlohmann::json& v) {
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
  };
  if (!cursor.is_object() || offset == cursor.end() || line == cursor.end() ||
      !non_negative(*offset) || !non_negative(*line) || line->get<uint64_t>() == 0) {
    return absl::InvalidArgumentError(
        "file cursor must be {\"offset\": <bytes>, \"line\": <line ≥ 1>}");
  }
  return FileCursor{offset->get<uint64_t>(), line->get<uint64_t>()};
}

nlohmann::json FileCursorToJson(const FileCursor& cursor) {
  return {{"offset", cursor.offset}, {"line", cursor.line}};
}

absl::StatusOr<std::unique_ptr<JsonlSource>> JsonlSource::Open(JsonlSourceOptions options) {
  if (options.path.empty()) return common::InvalidField("path", "is empty");
  if (options.page_size < 1 || options.page_size > 100000) {
    return common::InvalidField("page_size", "must be between 1 and 100000");
  }
  if (options.provider.empty()) {
    options.provider = "file:" + std::filesystem::path(options.path).filename().string();
  }
  JOBREC_ASSIGN_OR_RETURN(auto reader, LineReader::Open(options.path, options.max_line_bytes));
  return std::unique_ptr<JsonlSource>(new JsonlSource(std::move(options), std::move(reader)));
}

JsonlSource::JsonlSource(JsonlSourceOptions options, std::unique_ptr<LineReader> reader)
    : options_(std::move(options)), reader_(std::move(reader)) {}

absl::StatusOr<Page> JsonlSource::FetchPage(const nlohmann::json& cursor_json) {
  JOBREC_ASSIGN_OR_RETURN(FileCursor cursor, ParseFileCursor(cursor_json));
  JOBREC_RETURN_IF_ERROR(reader_->Seek(cursor.offset));
  Page page;
  size_t lines = 0;
  while (lines < options_.page_size) {
    JOBREC_ASSIGN_OR_RETURN(std::optional<Line> line, reader_->Next());
    if (!line) {
      page.last = true;
      break;
    }
    const uint64_t number = cursor.line++;
    cursor.offset = line->next;
    if (line->text.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++lines;
    const std::string where = absl::StrCat("line ", number);
    if (line->too_long) {
      page.rejected.push_back({where, absl::StrCat("line is longer than ",
                                                   options_.max_line_bytes, " bytes")});
      continue;
    }
    absl::StatusOr<Posting> posting = ParsePostingLine(line->text, options_.provider);
    if (posting.ok()) {
      page.postings.push_back(*std::move(posting));
    } else {
      page.rejected.push_back({where, DescribeError(posting.status())});
    }
  }
  page.next_cursor = FileCursorToJson(cursor);
  log::Debug("jsonl_page", {{"path", options_.path},
                            {"postings", page.postings.size()},
                            {"rejected", page.rejected.size()},
                            {"next_line", cursor.line}});
  return page;
}

absl::StatusOr<std::unique_ptr<Connector>> NewJsonlSource(const nlohmann::json& params) {
  if (!params.is_object()) return absl::InvalidArgumentError("parameters must be an object");
  JsonlSourceOptions options;
  for (const auto& [key, value] : params.items()) {
    if (key == "path" || key == "provider") {
      if (!value.is_string()) return common::InvalidField(key, "must be a string");
      (key == "path" ? options.path : options.provider) = value.get<std::string>();
    } else if (key == "page_size") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1) {
        return common::InvalidField(key, "must be a positive integer");
      }
      options.page_size = value.get<size_t>();
    } else {
      return common::InvalidField(key, "is not a parameter of the jsonl source");
    }
  }
  JOBREC_ASSIGN_OR_RETURN(auto source, JsonlSource::Open(std::move(options)));
  return std::unique_ptr<Connector>(std::move(source));
}

}  // namespace jobrec::ingest
