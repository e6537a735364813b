#include "jobrec/index/attribute_store.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"

namespace jobrec::index {
namespace {

constexpr uint32_t kNoMatch = std::numeric_limits<uint32_t>::max();
constexpr int64_t kSecondsPerDay = 86400;

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

std::string CountryKey(const std::string& country) {
  std::string s = Trim(country);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s.empty() ? s : "country:" + s;
}

std::string CityKey(const std::string& city) {
  std::string s = Trim(city);
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s.empty() ? s : "city:" + s;
}

// Native byte order: a snapshot is read back by the machine (architecture) that wrote it.
template <typename T>
void Append(std::string* out, const T& value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  bool Read(T* value) {
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool ReadBytes(size_t n, std::string_view* out) {
    if (data_.size() - pos_ < n) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

AttributeStore::AttributeStore() : strings_{""} { ids_.emplace("", 0); }

uint32_t AttributeStore::Intern(const std::string& normalised) {
  auto [it, inserted] = ids_.emplace(normalised, static_cast<uint32_t>(strings_.size()));
  if (inserted) strings_.push_back(normalised);
  return it->second;
}

uint32_t AttributeStore::Lookup(const std::string& normalised) const {
  auto it = ids_.find(normalised);
  return it == ids_.end() ? kNoMatch : it->second;
}

CompactAttributes AttributeStore::Encode(const PostingAttributes& attributes) {
  CompactAttributes c;
  c.remote = attributes.remote;
  c.country = Intern(CountryKey(attributes.country));
  c.city = Intern(CityKey(attributes.city));
  if (attributes.salary_max.has_value() && std::isfinite(*attributes.salary_max)) {
    c.salary_max = static_cast<float>(*attributes.salary_max);
  }
  if (attributes.posted_at_unix.has_value()) c.posted_at_unix = *attributes.posted_at_unix;
  return c;
}

CompiledFilter AttributeStore::Compile(const SearchFilter& filter, int64_t now_unix) const {
  CompiledFilter f;
  f.trivial_ = !filter.HasAttributeConstraints();
  f.remote_bits_ = filter.remote_modes.bits();
  if (filter.min_salary.has_value()) {
    f.has_min_salary_ = true;
    f.min_salary_ = static_cast<float>(*filter.min_salary);
    f.allow_unknown_salary_ = filter.allow_unknown_salary;
  }
  if (filter.posted_within_days.has_value()) {
    f.has_min_posted_ = true;
    const int64_t now = filter.now_unix != 0 ? filter.now_unix : now_unix;
    f.min_posted_unix_ = now - static_cast<int64_t>(*filter.posted_within_days) * kSecondsPerDay;
  }
  f.allow_unknown_location_ = filter.allow_unknown_location;
  for (const LocationFilter& loc : filter.locations) {
    const std::string country = CountryKey(loc.country);
    const std::string city = CityKey(loc.city);
    f.locations_.push_back(
        {country.empty() ? 0 : Lookup(country), city.empty() ? 0 : Lookup(city)});
  }
  return f;
}

bool CompiledFilter::MatchesLocation(const CompactAttributes& a) const {
  if (a.remote == RemoteMode::kRemote) {
    if (a.country == 0) return true;
    return std::any_of(locations_.begin(), locations_.end(),
                       [&](const Location& l) { return l.country == 0 || l.country == a.country; });
  }
  if (a.country == 0 && a.city == 0) return allow_unknown_location_;
  return std::any_of(locations_.begin(), locations_.end(), [&](const Location& l) {
    return (l.country == 0 || l.country == a.country) && (l.city == 0 || l.city == a.city);
  });
}

void AttributeStore::Serialize(std::string* out) const {
  Append<uint64_t>(out, slots_.size());
  out->append(reinterpret_cast<const char*>(slots_.data()),
              slots_.size() * sizeof(CompactAttributes));
  Append<uint64_t>(out, strings_.size());
  for (const std::string& s : strings_) {
    Append<uint32_t>(out, static_cast<uint32_t>(s.size()));
    out->append(s);
  }
}

absl::StatusOr<AttributeStore> AttributeStore::Deserialize(std::string_view image) {
  Reader reader(image);
  const auto corrupt = [](const char* what) {
    return absl::DataLossError(absl::StrCat("index attributes are corrupt: ", what));
  };
  uint64_t slots = 0;
  if (!reader.Read(&slots) || slots > image.size() / sizeof(CompactAttributes)) {
    return corrupt("slot count");
  }
  AttributeStore store;
  store.slots_.resize(slots);
  std::string_view bytes;
  if (!reader.ReadBytes(slots * sizeof(CompactAttributes), &bytes)) return corrupt("slots");
  std::memcpy(store.slots_.data(), bytes.data(), bytes.size());
  uint64_t strings = 0;
  if (!reader.Read(&strings) || strings == 0 || strings > image.size()) {
    return corrupt("string count");
  }
  store.strings_.clear();
  store.ids_.clear();
  for (uint64_t i = 0; i < strings; ++i) {
    uint32_t length = 0;
    if (!reader.Read(&length) || !reader.ReadBytes(length, &bytes)) return corrupt("strings");
    if (!store.ids_.emplace(std::string(bytes), static_cast<uint32_t>(i)).second) {
      return corrupt("duplicate string");
    }
    store.strings_.emplace_back(bytes);
  }
  if (!store.strings_[0].empty()) return corrupt("string 0 must be empty");
  if (!reader.AtEnd()) return corrupt("trailing bytes");
  for (const CompactAttributes& a : store.slots_) {
    if (a.country >= strings || a.city >= strings || static_cast<int>(a.remote) > 3) {
      return corrupt("attribute out of range");
    }
  }
  return store;
}

}  // namespace jobrec::index
