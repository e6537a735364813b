#include "jobrec/ingest/normalize_location.h"

#include <cctype>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

struct CountryEntry {
  std::string_view code;   // ISO 3166-1 alpha-2
  std::string_view names;  // lower-case, '|'-separated: English name, aliases, alpha-3 code
};

// The countries job postings come from in practice, not the whole ISO list: an unknown
// country leaves Location::country empty, which is harmless.
constexpr CountryEntry kCountries[] = {
    {"US", "united states|united states of america|usa|america|us"},
    {"GB", "united kingdom|uk|great britain|britain|gbr|gb"},
    {"CA", "canada|can"},
    {"AU", "australia|aus"},
    {"NZ", "new zealand|nzl"},
    {"IE", "ireland|republic of ireland|irl"},
    {"DE", "germany|deutschland|deu"},
    {"FR", "france|fra"},
    {"ES", "spain|españa|espana|esp"},
    {"PT", "portugal|prt"},
    {"IT", "italy|italia|ita"},
    {"NL", "netherlands|the netherlands|holland|nederland|nld"},
    {"BE", "belgium|belgique|belgië|bel"},
    {"LU", "luxembourg|lux"},
    {"CH", "switzerland|schweiz|suisse|che"},
    {"AT", "austria|österreich|osterreich|aut"},
    {"DK", "denmark|danmark|dnk"},
    {"SE", "sweden|sverige|swe"},
    {"NO", "norway|norge|nor"},
    {"FI", "finland|suomi|fin"},
    {"IS", "iceland|isl"},
    {"PL", "poland|polska|pol"},
    {"CZ", "czech republic|czechia|cze"},
    {"SK", "slovakia|svk"},
    {"HU", "hungary|hun"},
    {"RO", "romania|rou"},
    {"BG", "bulgaria|bgr"},
    {"GR", "greece|grc"},
    {"HR", "croatia|hrv"},
    {"SI", "slovenia|svn"},
    {"RS", "serbia|srb"},
    {"BA", "bosnia and herzegovina|bih"},
    {"EE", "estonia|est"},
    {"LV", "latvia|lva"},
    {"LT", "lithuania|ltu"},
    {"UA", "ukraine|ukr"},
    {"BY", "belarus|blr"},
    {"RU", "russia|russian federation|rus"},
    {"TR", "turkey|türkiye|turkiye|tur"},
    {"CY", "cyprus|cyp"},
    {"MT", "malta|mlt"},
    {"IL", "israel|isr"},
    {"AE", "united arab emirates|uae|are"},
    {"SA", "saudi arabia|sau"},
    {"QA", "qatar|qat"},
    {"EG", "egypt|egy"},
    {"MA", "morocco|mar"},
    {"NG", "nigeria|nga"},
    {"KE", "kenya|ken"},
    {"GH", "ghana|gha"},
    {"ZA", "south africa|zaf"},
    {"IN", "india|ind"},
    {"PK", "pakistan|pak"},
    {"BD", "bangladesh|bgd"},
    {"LK", "sri lanka|lka"},
    {"CN", "china|people's republic of china|chn"},
    {"HK", "hong kong|hkg"},
    {"TW", "taiwan|twn"},
    {"JP", "japan|jpn"},
    {"KR", "south korea|korea|republic of korea|kor"},
    {"SG", "singapore|sgp"},
    {"MY", "malaysia|mys"},
    {"TH", "thailand|tha"},
    {"VN", "vietnam|viet nam|vnm"},
    {"PH", "philippines|phl"},
    {"ID", "indonesia|idn"},
    {"MX", "mexico|méxico|mex"},
    {"BR", "brazil|brasil|bra"},
    {"AR", "argentina|arg"},
    {"CL", "chile|chl"},
    {"CO", "colombia|col"},
    {"PE", "peru|per"},
    {"UY", "uruguay|ury"},
    {"CR", "costa rica|cri"},
    {"PR", "puerto rico|pri"},
};

struct RegionEntry {
  std::string_view code;
  std::string_view name;
};

constexpr RegionEntry kUsStates[] = {
    {"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"},
    {"CA", "California"}, {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"},
    {"DC", "District of Columbia"}, {"FL", "Florida"}, {"GA", "Georgia"}, {"HI", "Hawaii"},
    {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"},
    {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
    {"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"},
    {"MO", "Missouri"}, {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"},
    {"NH", "New Hampshire"}, {"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NY", "New York"},
    {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"OH", "Ohio"}, {"OK", "Oklahoma"},
    {"OR", "Oregon"}, {"PA", "Pennsylvania"}, {"RI", "Rhode Island"},
    {"SC", "South Carolina"}, {"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"},
    {"UT", "Utah"}, {"VT", "Vermont"}, {"VA", "Virginia"}, {"WA", "Washington"},
    {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"}};

constexpr RegionEntry kCanadianProvinces[] = {
    {"AB", "Alberta"}, {"BC", "British Columbia"}, {"MB", "Manitoba"},
    {"NB", "New Brunswick"}, {"NL", "Newfoundland and Labrador"}, {"NS", "Nova Scotia"},
    {"NT", "Northwest Territories"}, {"NU", "Nunavut"}, {"ON", "Ontario"},
    {"PE", "Prince Edward Island"}, {"QC", "Quebec"}, {"SK", "Saskatchewan"},
    {"YT", "Yukon"}};

constexpr RegionEntry kUkNations[] = {
    {"ENG", "England"}, {"SCT", "Scotland"}, {"WLS", "Wales"}, {"NIR", "Northern Ireland"}};

// Parts of a location field that name a work mode or a wide area rather than a place.
constexpr std::string_view kNonPlaces[] = {
    "remote", "hybrid", "anywhere", "worldwide", "global", "globally", "europe", "emea",
    "apac", "americas", "latam", "north america", "south america", "asia", "africa", "eu",
    "multiple locations", "various locations", "various", "flexible", "home based",
    "home-based", "work from home", "wfh", "telecommute", "telework", "on-site", "onsite",
    "on site", "in office", "in-office", "distributed", "remote first", "remote-first",
    "fully remote", "100% remote", "home", "nationwide", "tbd", "n/a", "not specified"};

bool IsNonPlace(const std::string& lower) {
  for (std::string_view w : kNonPlaces) {
    if (lower == w) return true;
  }
  return false;
}

// "remote us" -> "us"; "us remote" -> "us": a place with a work-mode word glued on.
std::string StripModeWords(const std::string& part) {
  std::string p = part;
  for (bool changed = true; changed && !p.empty();) {
    changed = false;
    const std::string lower = AsciiLower(p);
    static constexpr std::pair<std::string_view, std::string_view> kAffixes[] = {
        {"remote ", " remote"}, {"hybrid ", " hybrid"}, {"fully remote ", " fully remote"},
        {"onsite ", " onsite"}, {"on-site ", " on-site"}};
    for (const auto& [prefix, suffix] : kAffixes) {
      if (lower.rfind(prefix, 0) == 0) {
        p = p.substr(prefix.size());
        changed = true;
        break;
      }
      if (lower.size() > suffix.size() &&
          lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0) {
        p = p.substr(0, p.size() - suffix.size());
        changed = true;
        break;
      }
    }
  }
  return CollapseWhitespace(p);
}

// Lower-case key for table look-ups: ASCII-lowered, without dots ("U.S." -> "us",
// "Ont." -> "ont").
std::string Key(const std::string& text) {
  std::string k;
  for (char c : AsciiLower(CollapseWhitespace(text))) {
    if (c != '.') k.push_back(c);
  }
  return k;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::optional<RegionMatch> MatchIn(const std::string& key, const auto& table,
                                   std::string_view country) {
  const std::string upper = Upper(key);
  for (const auto& entry : table) {
    if (upper == entry.code || key == AsciiLower(std::string(entry.name))) {
      return RegionMatch{std::string(entry.name), std::string(country)};
    }
  }
  return std::nullopt;
}

// Removes tokens that are postal codes ("10001", "IL 62701" -> "IL", "10115 Berlin").
std::string DropPostalCodes(const std::string& part) {
  std::vector<std::string> kept;
  for (absl::string_view token : absl::StrSplit(part, ' ', absl::SkipEmpty())) {
    const bool digits = token.size() >= 4 && token.find_first_not_of("0123456789-") ==
                                                 absl::string_view::npos;
    if (!digits) kept.emplace_back(token);
  }
  return absl::StrJoin(kept, " ");
}

std::vector<std::string> SplitParts(const std::string& text) {
  // Separators between place parts. " - " needs its spaces: "Winston-Salem" is one city.
  static constexpr std::string_view kSeparators[] = {" - ", " – ", " — ", "|", ";", "(",
                                                     ")",   "·",   " / ", "•"};
  std::string t;
  for (size_t i = 0; i < text.size();) {
    size_t matched = 0;
    for (std::string_view sep : kSeparators) {
      if (text.compare(i, sep.size(), sep) == 0) matched = sep.size();
    }
    if (matched > 0) {
      t.push_back(',');
      i += matched;
    } else {
      t.push_back(text[i++]);
    }
  }
  std::vector<std::string> parts;
  for (absl::string_view raw : absl::StrSplit(t, ',')) {
    std::string part = DropPostalCodes(StripModeWords(CollapseWhitespace(std::string(raw))));
    // "Remote-US" / "US-Remote".
    const std::string lower = AsciiLower(part);
    if (lower.rfind("remote-", 0) == 0) part = part.substr(7);
    if (lower.size() > 7 && lower.compare(lower.size() - 7, 7, "-remote") == 0) {
      part = part.substr(0, part.size() - 7);
    }
    if (part.empty() || IsNonPlace(AsciiLower(part))) continue;
    parts.push_back(part);
  }
  return parts;
}

bool IsTwoLetterCode(const std::string& part) {
  return part.size() == 2 && std::isalpha(static_cast<unsigned char>(part[0])) &&
         std::isalpha(static_cast<unsigned char>(part[1]));
}

}  // namespace

std::optional<std::string> CountryCode(const std::string& name_or_code) {
  const std::string key = Key(name_or_code);
  if (key.empty()) return std::nullopt;
  for (const auto& entry : kCountries) {
    const absl::string_view names(entry.names.data(), entry.names.size());
    for (absl::string_view name : absl::StrSplit(names, '|')) {
      if (key == name) return std::string(entry.code);
    }
    if (key.size() == 2 && Upper(key) == entry.code) return std::string(entry.code);
  }
  return std::nullopt;
}

std::optional<RegionMatch> FindRegion(const std::string& code_or_name,
                                      const std::string& country_hint) {
  const std::string key = Key(code_or_name);
  if (key.empty()) return std::nullopt;
  const std::string hint = Upper(country_hint);
  if (hint == "CA") return MatchIn(key, kCanadianProvinces, "CA");
  if (hint == "US") return MatchIn(key, kUsStates, "US");
  if (hint == "GB") return MatchIn(key, kUkNations, "GB");
  if (!hint.empty()) return std::nullopt;
  if (auto m = MatchIn(key, kUsStates, "US")) return m;
  if (auto m = MatchIn(key, kCanadianProvinces, "CA")) return m;
  return MatchIn(key, kUkNations, "GB");
}

Location ParseLocation(const std::string& raw) {
  Location loc;
  loc.text = CleanLine(raw);
  std::vector<std::string> parts = SplitParts(loc.text);
  if (parts.empty()) return loc;

  // The country, from the last part. A two-letter code that is also a US state ("CA", "DE",
  // "IN") is the state unless a region was already named before it ("Toronto, ON, CA").
  const std::string& last = parts.back();
  std::optional<std::string> country;
  if (IsTwoLetterCode(last)) {
    const bool region_before =
        parts.size() >= 2 && FindRegion(parts[parts.size() - 2]).has_value();
    if (region_before || !FindRegion(last, "US")) country = CountryCode(last);
  } else if (!FindRegion(last)) {
    country = CountryCode(last);
  }
  if (country) {
    loc.country = *country;
    parts.pop_back();
  }

  // The region, from the new last part.
  if (!parts.empty()) {
    if (auto region = FindRegion(parts.back(), loc.country)) {
      loc.region = region->name;
      if (loc.country.empty()) loc.country = region->country;
      parts.pop_back();
    }
  }
  // "City, Region, Country" with a region outside our tables ("Lyon, Auvergne-Rhône-Alpes,
  // France"): the known country makes the convention likely enough to take it.
  if (loc.region.empty() && !loc.country.empty() && parts.size() >= 2) {
    loc.region = parts.back();
    parts.pop_back();
  }
  // The city: the part nearest the region ("Mission District, San Francisco, CA"). A bare
  // two-letter code left over ("US, NY, NY" style noise) is not a city.
  if (!parts.empty() && !IsTwoLetterCode(parts.back())) loc.city = parts.back();
  return loc;
}

Location MakeLocation(const std::string& city, const std::string& region,
                      const std::string& country, const std::string& text) {
  Location loc;
  loc.city = CleanLine(city);
  const std::string clean_region = CleanLine(region);
  const std::string clean_country = CleanLine(country);
  loc.country = CountryCode(clean_country).value_or("");
  if (auto match = FindRegion(clean_region, loc.country)) {
    loc.region = match->name;
    if (loc.country.empty()) loc.country = match->country;
  } else {
    loc.region = clean_region;
  }
  if (!text.empty()) {
    loc.text = CleanLine(text);
  } else {
    std::vector<std::string> given;
    for (const std::string& part : {loc.city, clean_region, clean_country}) {
      if (!part.empty()) given.push_back(part);
    }
    loc.text = absl::StrJoin(given, ", ");
  }
  return loc;
}

}  // namespace jobrec::ingest
