// Reads a text file line by line, transparently gunzipping .gz files (zlib's gz* reader
// passes plain files through), with the byte offset of every line in the uncompressed
// stream, so a file source can resume from a saved offset. A UTF-8 byte-order mark at the
// start of the file is skipped.
//
// Thread-safety: one LineReader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "jobrec/common/status.h"

namespace jobrec::ingest {

struct Line {
  std::string text;      // without the line terminator ("\n"; a "\r" before it is kept)
  uint64_t offset = 0;   // of the line's first byte, uncompressed
  uint64_t next = 0;     // offset just past the terminator
  bool too_long = false; // longer than the limit: `text` holds only its first bytes
};

class LineReader {
 public:
  // Errors: NotFound / PermissionDenied / Unavailable when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(const std::string& path,
                                                          size_t max_line_bytes = 16u << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Positions the reader at `offset` (uncompressed). Cheap when `offset` is where the reader
  // already is; otherwise gzip files are decompressed from the start up to it. An offset past
  // the end leaves the reader at the end (Next() returns nullopt).
  // Errors: DataLoss when the file is corrupt.
  absl::Status Seek(uint64_t offset);

  // The next line, or nullopt at the end of the file. A last line without "\n" is returned.
  // Errors: DataLoss for a corrupt or truncated gzip stream.
  absl::StatusOr<std::optional<Line>> Next();

  uint64_t offset() const { return offset_; }

 private:
  LineReader(void* gz, size_t max_line_bytes);
  absl::Status Fill();

  void* gz_;  // gzFile, kept opaque so the header does not pull in zlib.h
  size_t max_line_bytes_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  uint64_t offset_ = 0;  // of buffer_[buffer_pos_]
  bool eof_ = false;
};

}  // namespace jobrec::ingest
