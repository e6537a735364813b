#include "jobrec/ingest/csv_source.h"

#include <csv.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/html_text.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/line_reader.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_employment.h"
#include "jobrec/ingest/normalize_location.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/normalize_remote.h"
#include "jobrec/ingest/normalize_salary.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

// libcsv's parser state for "between records" (ROW_NOT_BEGUN in libcsv.c).
constexpr int kRowNotBegun = 0;

struct Record {
  std::vector<std::string> fields;
  uint64_t line = 0;  // physical line where the record starts
  std::string error;  // set when the record could not be read (unterminated quote, too long)
};

// Records from a file: libcsv fed one physical line at a time, so that every record is known
// to start at the beginning of a line, with its line number and byte offset.
class RecordReader {
 public:
  RecordReader(std::unique_ptr<LineReader> lines, char delimiter, size_t max_record_bytes,
               size_t max_record_lines)
      : lines_(std::move(lines)),
        delimiter_(static_cast<unsigned char>(delimiter)),
        max_record_bytes_(max_record_bytes),
        max_record_lines_(max_record_lines) {
    ResetParser();
  }
  ~RecordReader() { csv_free(&parser_); }
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  absl::Status Seek(const FileCursor& cursor) {
    if (cursor.offset == next_.offset && cursor.line == next_.line) return absl::OkStatus();
    JOBREC_RETURN_IF_ERROR(lines_->Seek(cursor.offset));
    next_ = cursor;
    ResetParser();
    return absl::OkStatus();
  }

  // Where the next record starts.
  const FileCursor& position() const { return next_; }

  // The header's field count. A record spanning several lines with another count is most
  // likely an unbalanced quote that swallowed the lines after it: it is abandoned like an
  // unterminated one, so the records on those lines are still read.
  void set_expected_fields(size_t n) { expected_fields_ = n; }

  // The next record (possibly one with `error` set), or nullopt at the end of the file.
  absl::StatusOr<std::optional<Record>> Next() {
    fields_.clear();
    complete_ = false;
    std::optional<FileCursor> start;  // the record's first line
    uint64_t start_next_offset = 0;   // offset of the line after it
    size_t bytes = 0, lines = 0;
    for (;;) {
      JOBREC_ASSIGN_OR_RETURN(std::optional<Line> line, lines_->Next());
      if (!line) {
        if (!start) return std::optional<Record>();
        // The file ended inside a quoted field.
        return Abandon(*start, start_next_offset, "unterminated quoted field");
      }
      const uint64_t number = next_.line++;
      next_.offset = line->next;
      if (parser_.pstate == kRowNotBegun) {
        if (line->text.find_first_not_of(" \t\r") == std::string::npos) continue;
        start = FileCursor{line->offset, number};
        start_next_offset = line->next;
      }
      bytes += line->text.size() + 1;
      ++lines;
      if (line->too_long || bytes > max_record_bytes_) {
        return Abandon(*start, start_next_offset,
                       absl::StrCat("record is longer than ", max_record_bytes_, " bytes"));
      }
      line->text.push_back('\n');
      csv_parse(&parser_, line->text.data(), line->text.size(), &OnField, &OnRecord, this);
      if (csv_error(&parser_) == CSV_ENOMEM) {
        return absl::ResourceExhaustedError("libcsv: out of memory");
      }
      if (complete_ && lines > 1 && expected_fields_ != 0 && fields_.size() != expected_fields_) {
        return Abandon(*start, start_next_offset,
                       absl::StrCat("record over ", lines, " lines has ", fields_.size(),
                                    " fields, the header has ", expected_fields_,
                                    " (an unbalanced quote?)"));
      }
      if (complete_) {
        Record record;
        record.fields = std::move(fields_);
        record.line = start->line;
        return std::optional<Record>(std::move(record));
      }
      if (lines >= max_record_lines_) {
        return Abandon(*start, start_next_offset,
                       absl::StrCat("unterminated quoted field (still open after ", lines,
                                    " lines)"));
      }
    }
  }

 private:
  static void OnField(void* data, size_t len, void* self_ptr) {
    auto* self = static_cast<RecordReader*>(self_ptr);
    std::string field(static_cast<const char*>(data), data == nullptr ? 0 : len);
    self->fields_.push_back(std::move(field));
  }
  static void OnRecord(int /*terminator*/, void* self_ptr) {
    static_cast<RecordReader*>(self_ptr)->complete_ = true;
  }
  // Only '\n' ends a record, so a record never ends in the middle of a physical line; the
  // '\r' of a CRLF is trimmed as a space (it is kept inside quoted fields).
  static int IsTerminator(unsigned char c) { return c == '\n' ? 1 : 0; }
  static int IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' ? 1 : 0; }

  void ResetParser() {
    if (initialised_) csv_free(&parser_);
    csv_init(&parser_, CSV_APPEND_NULL);
    csv_set_delim(&parser_, delimiter_);
    csv_set_term_func(&parser_, &IsTerminator);
    csv_set_space_func(&parser_, &IsSpace);
    initialised_ = true;
  }

  // Gives up on the record that started at `start`: the next read resumes on the line after
  // its first line, so one stray quote costs one record, not the rest of the file.
  absl::StatusOr<std::optional<Record>> Abandon(const FileCursor& start, uint64_t resume_offset,
                                                std::string reason) {
    JOBREC_RETURN_IF_ERROR(lines_->Seek(resume_offset));
    next_ = FileCursor{resume_offset, start.line + 1};
    ResetParser();
    Record record;
    record.line = start.line;
    record.error = std::move(reason);
    return std::optional<Record>(std::move(record));
  }

  std::unique_ptr<LineReader> lines_;
  unsigned char delimiter_;
  size_t max_record_bytes_;
  size_t max_record_lines_;
  csv_parser parser_{};
  bool initialised_ = false;
  FileCursor next_;
  size_t expected_fields_ = 0;
  std::vector<std::string> fields_;
  bool complete_ = false;
};

std::string SnakeCase(const std::string& column) {
  std::string out;
  for (char c : column) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string UrlEncode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// "42405", "51907.68", "$1,234.50", " 12 ". nullopt when the cell holds anything else.
std::optional<double> ParseNumberCell(const std::string& cell) {
  std::string digits;
  for (char c : cell) {
    if (c == ',' || c == '$' || c == ' ') continue;
    digits.push_back(c);
  }
  if (digits.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The column names a url_template refers to ("{Job ID}").
std::vector<std::string> TemplateColumns(const std::string& tmpl) {
  std::vector<std::string> out;
  for (size_t open = tmpl.find('{'); open != std::string::npos; open = tmpl.find('{', open + 1)) {
    const size_t close = tmpl.find('}', open);
    if (close == std::string::npos) break;
    out.push_back(tmpl.substr(open + 1, close - open - 1));
  }
  return out;
}

}  // namespace

class CsvSource::Impl {
 public:
  Impl(CsvSourceOptions options, std::unique_ptr<RecordReader> reader,
       std::vector<std::string> header, FileCursor first)
      : options_(std::move(options)),
        reader_(std::move(reader)),
        header_(std::move(header)),
        first_(first) {
    for (size_t i = 0; i < header_.size(); ++i) index_.emplace(header_[i], i);
  }

  // InvalidArgument naming the mapping key whose column is not in the header.
  absl::Status CheckMapping() const {
    const CsvColumnMapping& m = options_.mapping;
    if (m.provider.empty()) return common::InvalidField("mapping.provider", "is required");
    if (m.external_id.empty()) return common::InvalidField("mapping.external_id", "is required");
    if (m.title.empty()) return common::InvalidField("mapping.title", "is required");
    std::vector<std::pair<std::string, std::string>> used = {
        {"title", m.title},           {"company", m.company},
        {"location", m.location},     {"remote", m.remote},
        {"salary_min", m.salary_min}, {"salary_max", m.salary_max},
        {"salary_period", m.salary_period}, {"salary_text", m.salary_text},
        {"salary_currency", m.salary_currency}, {"employment_type", m.employment_type},
        {"posted_at", m.posted_at},   {"expires_at", m.expires_at},
        {"url", m.url}};
    for (const auto& c : m.external_id) used.emplace_back("external_id", c);
    for (const auto& part : m.description) used.emplace_back("description", part.column);
    for (const auto& c : m.labels) used.emplace_back("labels", c);
    for (const auto& c : TemplateColumns(m.url_template)) used.emplace_back("url_template", c);
    for (const auto& [key, column] : used) {
      if (!column.empty() && !index_.contains(column)) {
        return common::InvalidField("mapping." + key,
                                    absl::StrCat("names column \"", column,
                                                 "\" which the header does not have"));
      }
    }
    if (!m.currency_default.empty() && !NormalizeCurrency(m.currency_default).ok()) {
      return common::InvalidField("mapping.currency_default", "is not a currency");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor_json) {
    JOBREC_ASSIGN_OR_RETURN(FileCursor cursor, ParseFileCursor(cursor_json));
    if (cursor_json.is_null()) cursor = first_;
    JOBREC_RETURN_IF_ERROR(reader_->Seek(cursor));
    Page page;
    for (size_t n = 0; n < options_.page_size; ++n) {
      JOBREC_ASSIGN_OR_RETURN(std::optional<Record> record, reader_->Next());
      if (!record) {
        page.last = true;
        break;
      }
      const std::string where = absl::StrCat("line ", record->line);
      if (!record->error.empty()) {
        page.rejected.push_back({where, record->error});
        continue;
      }
      absl::StatusOr<Posting> posting = Map(record->fields);
      if (posting.ok()) {
        page.postings.push_back(*std::move(posting));
      } else {
        page.rejected.push_back({where, DescribeError(posting.status())});
      }
    }
    page.next_cursor = FileCursorToJson(reader_->position());
    log::Debug("csv_page", {{"path", options_.path},
                            {"postings", page.postings.size()},
                            {"rejected", page.rejected.size()}});
    return page;
  }

  const std::vector<std::string>& header() const { return header_; }

 private:
  absl::StatusOr<Posting> Map(const std::vector<std::string>& fields) const {
    if (fields.size() != header_.size()) {
      return absl::InvalidArgumentError(absl::StrCat("record has ", fields.size(),
                                                     " fields, the header has ", header_.size()));
    }
    const CsvColumnMapping& m = options_.mapping;
    const auto cell = [&](const std::string& column) -> std::string {
      if (column.empty()) return "";
      return CleanLine(fields[index_.at(column)]);
    };
    Posting p;
    p.provider = m.provider;
    std::vector<std::string> id_parts;
    for (const auto& column : m.external_id) {
      if (std::string v = cell(column); !v.empty()) id_parts.push_back(std::move(v));
    }
    p.external_id = absl::StrJoin(id_parts, "-");
    p.title = cell(m.title);
    p.company = cell(m.company);
    if (p.company.empty()) p.company = m.company_default;

    std::vector<std::string> parts;
    for (const CsvDescriptionPart& part : m.description) {
      const std::string& raw = fields[index_.at(part.column)];
      std::string text = LooksLikeHtml(raw) ? DescriptionToText(raw)
                                            : CollapseWhitespaceMultiline(raw);
      if (text.empty()) continue;
      parts.push_back(part.heading.empty() ? text : part.heading + ":\n" + text);
    }
    p.description = absl::StrJoin(parts, "\n\n");

    const std::string location = cell(m.location);
    if (m.parse_location) {
      p.location = ParseLocation(location);
    } else {
      p.location.text = location;
    }
    const Location defaults = MakeLocation(m.location_city, m.location_region, m.location_country);
    if (p.location.city.empty()) p.location.city = defaults.city;
    if (p.location.region.empty()) p.location.region = defaults.region;
    if (p.location.country.empty()) p.location.country = defaults.country;
    if (p.location.text.empty()) p.location.text = defaults.text;

    if (const std::string remote = cell(m.remote); !remote.empty()) {
      p.remote = ParseRemoteMode(remote).value_or(DetectRemoteMode(remote));
    }
    JOBREC_ASSIGN_OR_RETURN(p.salary, SalaryOf(cell));
    if (const std::string type = cell(m.employment_type); !type.empty()) {
      p.employment_type = NormalizeEmploymentType(type).value_or("");
    }
    JOBREC_ASSIGN_OR_RETURN(p.posted_at, DateOf(m.posted_at, cell(m.posted_at)));
    JOBREC_ASSIGN_OR_RETURN(p.expires_at, DateOf(m.expires_at, cell(m.expires_at)));
    p.url = cell(m.url);
    if (p.url.empty() && !m.url_template.empty()) p.url = ExpandTemplate(m.url_template, cell);
    for (const std::string& column : m.labels) {
      if (std::string v = cell(column); !v.empty()) p.labels[SnakeCase(column)] = std::move(v);
    }
    nlohmann::json raw = nlohmann::json::object();
    for (size_t i = 0; i < header_.size(); ++i) raw[header_[i]] = SanitizeUtf8(fields[i]);
    p.raw_json = RawJson(raw);
    JOBREC_RETURN_IF_ERROR(FinalizePosting(p));
    return p;
  }

  template <typename Cell>
  absl::StatusOr<std::optional<Salary>> SalaryOf(const Cell& cell) const {
    const CsvColumnMapping& m = options_.mapping;
    std::string currency = cell(m.salary_currency);
    if (currency.empty()) currency = m.currency_default;
    std::optional<double> bounds[2];
    const std::string* columns[2] = {&m.salary_min, &m.salary_max};
    for (int i = 0; i < 2; ++i) {
      const std::string value = cell(*columns[i]);
      if (value.empty()) continue;
      bounds[i] = ParseNumberCell(value);
      if (!bounds[i]) return common::InvalidField(*columns[i], "is not a number");
    }
    // Zero is how exports say "not given" (29 NYC rows have a 0 lower bound).
    const bool any_amount = (bounds[0] && *bounds[0] > 0) || (bounds[1] && *bounds[1] > 0);
    if (any_amount) {
      absl::StatusOr<Salary> salary = MakeSalary(bounds[0], bounds[1], currency,
                                                 cell(m.salary_period));
      if (!salary.ok()) {
        return common::InvalidField("salary", std::string(salary.status().message()));
      }
      return std::optional<Salary>(*std::move(salary));
    }
    if (const std::string text = cell(m.salary_text); !text.empty()) {
      absl::StatusOr<Salary> salary = ParseSalaryText(text, {.currency = currency, .period = ""});
      if (salary.ok()) return std::optional<Salary>(*std::move(salary));
    }
    return std::optional<Salary>();
  }

  static absl::StatusOr<std::optional<TimePoint>> DateOf(const std::string& column,
                                                         const std::string& value) {
    if (value.empty()) return std::optional<TimePoint>();
    absl::StatusOr<TimePoint> t = ParseTimestamp(value);
    if (!t.ok()) return common::InvalidField(column, std::string(t.status().message()));
    return std::optional<TimePoint>(*t);
  }

  template <typename Cell>
  static std::string ExpandTemplate(const std::string& tmpl, const Cell& cell) {
    std::string out;
    for (size_t i = 0; i < tmpl.size();) {
      const size_t close = tmpl[i] == '{' ? tmpl.find('}', i) : std::string::npos;
      if (close == std::string::npos) {
        out.push_back(tmpl[i++]);
        continue;
      }
      out += UrlEncode(cell(tmpl.substr(i + 1, close - i - 1)));
      i = close + 1;
    }
    return out;
  }

  CsvSourceOptions options_;
  std::unique_ptr<RecordReader> reader_;
  std::vector<std::string> header_;
  FileCursor first_;  // the first record after the header
  std::map<std::string, size_t> index_;
};

absl::StatusOr<std::unique_ptr<CsvSource>> CsvSource::Open(CsvSourceOptions options) {
  if (options.path.empty()) return common::InvalidField("path", "is empty");
  if (options.page_size < 1 || options.page_size > 100000) {
    return common::InvalidField("page_size", "must be between 1 and 100000");
  }
  if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r') {
    return common::InvalidField("delimiter", "cannot be a quote or a line break");
  }
  JOBREC_ASSIGN_OR_RETURN(auto lines, LineReader::Open(options.path, options.max_record_bytes));
  auto reader = std::make_unique<RecordReader>(std::move(lines), options.delimiter,
                                               options.max_record_bytes,
                                               options.max_record_lines);
  JOBREC_ASSIGN_OR_RETURN(std::optional<Record> header, reader->Next());
  if (!header || !header->error.empty() || header->fields.empty()) {
    return common::InvalidField("path", "the file has no CSV header");
  }
  std::vector<std::string> columns;
  for (const std::string& name : header->fields) columns.push_back(CleanLine(name));
  reader->set_expected_fields(columns.size());
  const FileCursor first = reader->position();
  auto impl = std::make_unique<Impl>(std::move(options), std::move(reader), std::move(columns),
                                     first);
  JOBREC_RETURN_IF_ERROR(impl->CheckMapping());
  return std::unique_ptr<CsvSource>(new CsvSource(std::move(impl)));
}

CsvSource::CsvSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvSource::~CsvSource() = default;

absl::StatusOr<Page> CsvSource::FetchPage(const nlohmann::json& cursor) {
  return impl_->FetchPage(cursor);
}

const std::vector<std::string>& CsvSource::header() const { return impl_->header(); }

}  // namespace jobrec::ingest
