// SHA-256 of files and byte streams: the identity of a model version and the checksum of an
// index snapshot.
//
// Thread-safety: Sha256 objects are used by one thread at a time; the free functions are
// thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "jobrec/common/status.h"

namespace jobrec::embed {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  void Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }
  // 64 lower-case hex digits. Call once.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Sha256Hex(std::string_view bytes);
// Errors: NotFound when the file is missing, Unavailable on a read error.
absl::StatusOr<std::string> Sha256OfFile(const std::string& path);

}  // namespace jobrec::embed
