// COPY ... FROM STDIN in PostgreSQL's text format, a line per row: fields separated by tabs,
// NULL as \N, backslash, tab, newline and carriage return escaped. libpqxx 6.4's stream_to
// escapes every field a character at a time and allocates a string per field; a bulk import
// spent more client time there than in its JSON parsing. Lines built once here (the page's
// preparation, off the write transaction's thread) are sent as they are.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace jobrec::store {

// Builds one line (or part of one: fields appended to another CopyLine's). Not thread-safe.
class CopyLine {
 public:
  // A text field. U+0000, which PostgreSQL text cannot hold, is dropped.
  CopyLine& Text(std::string_view value);
  CopyLine& Field(const std::optional<std::string>& value) { return value ? Text(*value) : Null(); }
  CopyLine& Null();
  // Fields already in COPY form (another CopyLine's text).
  CopyLine& Fields(std::string_view copy_text);

  const std::string& text() const { return text_; }
  // The line so far; the builder is empty again.
  std::string Release() {
    std::string line = std::move(text_);
    Clear();
    return line;
  }
  void Clear() {
    started_ = false;
    text_.clear();
  }

 private:
  void Separate() {
    if (started_) text_ += '\t';
    started_ = true;
  }

  std::string text_;
  bool started_ = false;  // a field was written (the first may be empty)
};

// A COPY of lines into `table`'s `columns`, inside a transaction. Construction starts the
// COPY; Complete ends it. libpqxx exceptions (a bad line is reported at Complete or on a later
// write) propagate to RunTransaction.
class CopyStream {
 public:
  CopyStream(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns);
  ~CopyStream();
  CopyStream(const CopyStream&) = delete;
  CopyStream& operator=(const CopyStream&) = delete;

  void Write(const std::string& line);
  void Complete();

 private:
  struct Writer;
  std::unique_ptr<Writer> writer_;
};

}  // namespace jobrec::store
