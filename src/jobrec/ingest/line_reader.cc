#include "jobrec/ingest/line_reader.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace jobrec::ingest {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

gzFile Gz(void* p) { return static_cast<gzFile>(p); }

absl::Status GzError(void* gz, const char* what) {
  int code = Z_OK;
  const char* message = gzerror(Gz(gz), &code);
  if (code == Z_OK || code == Z_STREAM_END) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat(what, ": ", message != nullptr ? message : "zlib error"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path,
                                                             size_t max_line_bytes) {
  errno = 0;
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    const int err = errno;
    const std::string message = absl::StrCat("cannot open ", path, ": ",
                                             err != 0 ? std::strerror(err) : "out of memory");
    if (err == ENOENT) return absl::NotFoundError(message);
    if (err == EACCES) return absl::PermissionDeniedError(message);
    return absl::UnavailableError(message);
  }
  gzbuffer(gz, kChunkBytes);
  return std::unique_ptr<LineReader>(new LineReader(gz, max_line_bytes));
}

LineReader::LineReader(void* gz, size_t max_line_bytes)
    : gz_(gz), max_line_bytes_(max_line_bytes) {}

LineReader::~LineReader() { gzclose(Gz(gz_)); }

absl::Status LineReader::Seek(uint64_t offset) {
  if (offset == offset_) return absl::OkStatus();
  gzclearerr(Gz(gz_));
  if (gzseek(Gz(gz_), static_cast<z_off_t>(offset), SEEK_SET) < 0) {
    JOBREC_RETURN_IF_ERROR(GzError(gz_, "seek"));
    // gzseek fails without an error code when the offset is past the end.
  }
  buffer_.clear();
  buffer_pos_ = 0;
  eof_ = false;
  offset_ = offset;
  return absl::OkStatus();
}

absl::Status LineReader::Fill() {
  buffer_.erase(0, buffer_pos_);
  buffer_pos_ = 0;
  const size_t old = buffer_.size();
  buffer_.resize(old + kChunkBytes);
  const int n = gzread(Gz(gz_), buffer_.data() + old, kChunkBytes);
  if (n < 0) {
    buffer_.resize(old);
    JOBREC_RETURN_IF_ERROR(GzError(gz_, "read"));
    return absl::DataLossError("read failed");
  }
  buffer_.resize(old + static_cast<size_t>(n));
  if (n == 0) {
    eof_ = true;
    // A truncated gzip stream reads as a short file; zlib reports it here.
    JOBREC_RETURN_IF_ERROR(GzError(gz_, "read"));
  }
  // Skip a UTF-8 byte-order mark at the very start of the file.
  if (offset_ == 0 && old == 0 && buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    buffer_pos_ = 3;
    offset_ = 3;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Line>> LineReader::Next() {
  size_t scanned = 0;  // bytes after buffer_pos_ known to hold no '\n'
  for (;;) {
    const size_t nl = buffer_.find('\n', buffer_pos_ + scanned);
    const size_t available = buffer_.size() - buffer_pos_;
    if (nl != std::string::npos || eof_ || available > max_line_bytes_) {
      Line line;
      line.offset = offset_;
      if (nl != std::string::npos && nl - buffer_pos_ <= max_line_bytes_) {
        line.text.assign(buffer_, buffer_pos_, nl - buffer_pos_);
        offset_ += nl - buffer_pos_ + 1;
        buffer_pos_ = nl + 1;
      } else if (nl == std::string::npos && eof_ && available <= max_line_bytes_) {
        if (available == 0) return std::optional<Line>();
        line.text.assign(buffer_, buffer_pos_, available);
        offset_ += available;
        buffer_pos_ = buffer_.size();
      } else {
        // Too long: keep the head, skip to the end of the line.
        line.too_long = true;
        line.text.assign(buffer_, buffer_pos_, max_line_bytes_);
        for (;;) {
          const size_t end = buffer_.find('\n', buffer_pos_);
          if (end != std::string::npos) {
            offset_ += end - buffer_pos_ + 1;
            buffer_pos_ = end + 1;
            break;
          }
          offset_ += buffer_.size() - buffer_pos_;
          buffer_pos_ = buffer_.size();
          if (eof_) break;
          JOBREC_RETURN_IF_ERROR(Fill());
        }
      }
      line.next = offset_;
      return std::optional<Line>(std::move(line));
    }
    scanned = available;  // still valid after Fill() compacts the buffer
    JOBREC_RETURN_IF_ERROR(Fill());
  }
}

}  // namespace jobrec::ingest
