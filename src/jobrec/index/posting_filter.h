// What a recommendation query can filter on, and the attributes of a posting it is checked
// against. The index stores attributes compactly (AttributeStore); these are the plain types
// callers fill in.
//
// Values are already normalised by ingest/: countries are ISO 3166-1 alpha-2 codes, salaries
// are annual amounts in one currency chosen by the caller (the index compares numbers only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jobrec::index {

enum class RemoteMode : uint8_t { kUnknown = 0, kOnsite = 1, kHybrid = 2, kRemote = 3 };

struct PostingAttributes {
  RemoteMode remote = RemoteMode::kUnknown;
  std::string country;  // ISO-2, "" when unknown; compared case-insensitively
  std::string city;     // "" when unknown; compared case-insensitively (ASCII)
  std::optional<double> salary_max;
  std::optional<int64_t> posted_at_unix;
};

// A set of accepted work modes.
class RemoteModes {
 public:
  static RemoteModes Any() { return RemoteModes(0xF); }
  static RemoteModes Of(std::initializer_list<RemoteMode> modes) {
    uint8_t bits = 0;
    for (RemoteMode m : modes) bits |= Bit(m);
    return RemoteModes(bits);
  }
  bool Contains(RemoteMode mode) const { return (bits_ & Bit(mode)) != 0; }
  bool IsAny() const { return bits_ == 0xF; }
  uint8_t bits() const { return bits_; }

 private:
  explicit RemoteModes(uint8_t bits) : bits_(bits) {}
  static uint8_t Bit(RemoteMode m) { return static_cast<uint8_t>(1u << static_cast<int>(m)); }
  uint8_t bits_;
};

// A person's work-mode preference as the profile states it.
enum class RemotePreference { kAny, kOnsite, kHybrid, kRemote };
// any -> every mode; remote -> remote only; hybrid -> hybrid or remote (whoever can work
// partly from home can work fully from home); onsite -> onsite or hybrid. Postings that do
// not say (kUnknown) are included by every preference: most providers never say.
RemoteModes AcceptedModes(RemotePreference preference);

struct LocationFilter {
  std::string country;  // ISO-2; "" matches any country
  std::string city;     // "" matches the whole country
};

struct SearchFilter {
  // Postings never to return (already reviewed or dismissed). Unknown ids are ignored.
  std::vector<int64_t> exclude_ids;
  RemoteModes remote_modes = RemoteModes::Any();
  // Empty: anywhere. Otherwise a posting matches when any entry matches. For a remote
  // posting only the country is compared (its city is where the company sits, not where the
  // work happens), and a remote posting without a country matches every entry.
  std::vector<LocationFilter> locations;
  // Postings whose location is unknown pass a non-empty `locations` only when this is set.
  bool allow_unknown_location = false;
  // Annual salary: a posting matches when its maximum is >= min_salary.
  std::optional<double> min_salary;
  bool allow_unknown_salary = true;
  // Only postings posted at or after now - days. Postings without a date do not match.
  std::optional<int> posted_within_days;
  int64_t now_unix = 0;  // the clock for posted_within_days; 0 = the system clock

  // True when no attribute constraint is set (exclusions aside).
  bool HasAttributeConstraints() const;
};

}  // namespace jobrec::index
