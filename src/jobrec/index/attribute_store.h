// Posting attributes stored compactly by index slot (24 bytes each, strings interned), and
// SearchFilters compiled against them into a predicate that costs a few integer compares per
// posting — it runs for every node the graph search touches and for every posting an exact
// scan visits.
//
// Thread-safety: Encode and Compile read or grow the intern table and must not run
// concurrently with Encode; Put for distinct slots and Get/Matches may run concurrently.
// VectorIndex provides the locking.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/index/posting_filter.h"

namespace jobrec::index {

struct CompactAttributes {
  static constexpr int64_t kUnknownTime = INT64_MIN;
  int64_t posted_at_unix = kUnknownTime;
  float salary_max = NAN;
  uint32_t country = 0;  // intern id, 0 = unknown
  uint32_t city = 0;     // intern id, 0 = unknown
  RemoteMode remote = RemoteMode::kUnknown;
  uint8_t padding[3] = {};
};
static_assert(sizeof(CompactAttributes) == 24);

class CompiledFilter;

class AttributeStore {
 public:
  AttributeStore();

  // Interns the strings (countries upper-cased, cities lower-cased, both trimmed).
  CompactAttributes Encode(const PostingAttributes& attributes);
  void Resize(size_t slots) { slots_.resize(slots); }
  void Put(uint32_t slot, const CompactAttributes& attributes) { slots_[slot] = attributes; }
  const CompactAttributes& Get(uint32_t slot) const { return slots_[slot]; }
  size_t size() const { return slots_.size(); }

  // `now_unix` is used when filter.now_unix is 0.
  CompiledFilter Compile(const SearchFilter& filter, int64_t now_unix) const;

  // Appends a binary image (slot count, attributes, intern table) to *out.
  void Serialize(std::string* out) const;
  // Errors: DataLoss when the image is truncated or inconsistent.
  static absl::StatusOr<AttributeStore> Deserialize(std::string_view image);

 private:
  uint32_t Intern(const std::string& normalised);
  uint32_t Lookup(const std::string& normalised) const;  // kNoMatch when absent

  std::vector<CompactAttributes> slots_;
  std::vector<std::string> strings_;  // id -> string; id 0 is ""
  std::unordered_map<std::string, uint32_t> ids_;
};

class CompiledFilter {
 public:
  bool Matches(const CompactAttributes& a) const {
    if ((remote_bits_ & (1u << static_cast<int>(a.remote))) == 0) return false;
    if (has_min_salary_) {
      if (std::isnan(a.salary_max)) {
        if (!allow_unknown_salary_) return false;
      } else if (a.salary_max < min_salary_) {
        return false;
      }
    }
    if (has_min_posted_ && (a.posted_at_unix == CompactAttributes::kUnknownTime ||
                            a.posted_at_unix < min_posted_unix_)) {
      return false;
    }
    return locations_.empty() || MatchesLocation(a);
  }
  bool IsTrivial() const { return trivial_; }

 private:
  friend class AttributeStore;
  bool MatchesLocation(const CompactAttributes& a) const;

  struct Location {
    uint32_t country;  // 0: any
    uint32_t city;     // 0: any
  };
  bool trivial_ = true;
  uint8_t remote_bits_ = 0xF;
  bool has_min_salary_ = false;
  bool allow_unknown_salary_ = true;
  float min_salary_ = 0;
  bool has_min_posted_ = false;
  int64_t min_posted_unix_ = 0;
  bool allow_unknown_location_ = false;
  std::vector<Location> locations_;
};

}  // namespace jobrec::index
