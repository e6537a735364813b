#include "jobrec/store/migration.h"

#include <openssl/evp.h>

#include <cstdio>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jobrec::store {

std::string Migration::FileName() const {
  return absl::StrFormat("%04d_%s.sql", version, name);
}

std::string Migration::Checksum() const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(sql.data(), sql.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) absl::StrAppendFormat(&hex, "%02x", digest[i]);
  return hex;
}

absl::StatusOr<Migration> ParseMigrationFileName(const std::string& file_name) {
  static const std::regex kPattern("^([0-9]{4})_([a-z0-9_]+)\\.sql$");
  std::smatch match;
  if (!std::regex_match(file_name, match, kPattern)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "migration file '", file_name, "' is not named NNNN_lower_snake_name.sql"));
  }
  Migration migration;
  migration.version = std::stoi(match[1].str());
  migration.name = match[2].str();
  if (migration.version == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("migration file '", file_name, "': versions start at 0001"));
  }
  return migration;
}

}  // namespace jobrec::store
