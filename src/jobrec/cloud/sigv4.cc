#include "jobrec/cloud/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jobrec::cloud {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

std::string HmacSha256(const std::string& key, const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &size);
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; a "%" not followed by two hex digits stays as it is.
std::string PercentDecode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

struct UrlParts {
  std::string scheme;
  std::string host;  // lower-case, with ":port" when not the scheme's default
  std::string path;
  std::string query;
};

absl::StatusOr<UrlParts> SplitUrl(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("not an absolute URL: ", url));
  }
  UrlParts parts;
  parts.scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  if (parts.scheme != "http" && parts.scheme != "https") {
    return absl::InvalidArgumentError(absl::StrCat("not an http(s) URL: ", url));
  }
  const size_t authority_start = scheme_end + 3;
  size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string authority = url.substr(authority_start, authority_end - authority_start);
  if (authority.find('@') != std::string::npos || authority.empty()) {
    return absl::InvalidArgumentError("URL must name a host and carry no user information");
  }
  authority = absl::AsciiStrToLower(authority);
  const std::string default_port = parts.scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(),
                        default_port) == 0) {
    authority.resize(authority.size() - default_port.size());
  }
  parts.host = authority;
  const size_t fragment = url.find('#', authority_end);
  const std::string rest = url.substr(authority_end, fragment - authority_end);
  const size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string::npos) parts.query = rest.substr(question + 1);
  return parts;
}

// RFC 3986 dot-segment removal plus the collapsing of empty segments that AWS expects.
std::string NormalizePath(const std::string& path) {
  if (path.empty()) return "/";
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  out += absl::StrJoin(segments, "/");
  if (path.back() == '/' && !segments.empty()) out += "/";
  return out;
}

std::string CanonicalPath(const std::string& path, const std::string& service) {
  if (service == "s3") return path.empty() ? "/" : path;
  return AwsUriEncode(NormalizePath(path), /*keep_slash=*/true);
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string piece = query.substr(start, end - start);
    if (!piece.empty()) {
      const size_t equals = piece.find('=');
      const std::string name = piece.substr(0, equals);
      const std::string value = equals == std::string::npos ? "" : piece.substr(equals + 1);
      params.emplace_back(AwsUriEncode(PercentDecode(name), false),
                          AwsUriEncode(PercentDecode(value), false));
    }
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  return absl::StrJoin(params, "&", [](std::string* out, const auto& param) {
    absl::StrAppend(out, param.first, "=", param.second);
  });
}

// Trims the value and turns each run of whitespace inside it into one space.
std::string CanonicalHeaderValue(const std::string& value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool IsUnsignedHeader(const std::string& lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
         lower_name == "x-amzn-trace-id";
}

void SetHeader(common::HttpHeaders& headers, const std::string& name, const std::string& value) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::erase_if(headers,
                [&](const auto& header) { return absl::AsciiStrToLower(header.first) == lower; });
  headers.emplace_back(name, value);
}

bool HasHeader(const common::HttpHeaders& headers, const std::string& lower_name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& header) {
    return absl::AsciiStrToLower(header.first) == lower_name;
  });
}

}  // namespace

std::string AwsUriEncode(const std::string& text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr);
  return Hex(out.data(), size);
}

std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

absl::StatusOr<std::chrono::system_clock::time_point> ParseAmzDate(const std::string& text) {
  const bool shape_ok =
      text.size() == 16 && text[8] == 'T' && text[15] == 'Z' &&
      std::all_of(text.begin(), text.begin() + 8, [](unsigned char c) { return std::isdigit(c); }) &&
      std::all_of(text.begin() + 9, text.begin() + 15,
                  [](unsigned char c) { return std::isdigit(c); });
  if (!shape_ok) return absl::InvalidArgumentError(absl::StrCat("not an X-Amz-Date: ", text));
  std::tm tm{};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(6, 2));
  tm.tm_hour = std::stoi(text.substr(9, 2));
  tm.tm_min = std::stoi(text.substr(11, 2));
  tm.tm_sec = std::stoi(text.substr(13, 2));
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return absl::InvalidArgumentError(absl::StrCat("not an X-Amz-Date: ", text));
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

absl::StatusOr<SignatureParts> SignRequest(common::HttpRequest& request,
                                           const AwsCredentials& credentials,
                                           const SigningParams& params) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return absl::InvalidArgumentError("AWS credentials lack an access key id or secret key");
  }
  if (params.region.empty() || params.service.empty()) {
    return absl::InvalidArgumentError("SigV4 needs a region and a service");
  }
  JOBREC_ASSIGN_OR_RETURN(UrlParts url, SplitUrl(request.url));

  const std::string amz_date = FormatAmzDate(params.time);
  const std::string date = amz_date.substr(0, 8);
  SetHeader(request.headers, "X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(request.headers, "X-Amz-Security-Token", credentials.session_token);
  }
  std::erase_if(request.headers, [](const auto& header) {
    return absl::AsciiStrToLower(header.first) == "authorization";
  });
  // Sent explicitly so that the Host the server sees is the one that was signed.
  if (!HasHeader(request.headers, "host")) request.headers.emplace_back("Host", url.host);

  std::map<std::string, std::vector<std::string>> signed_headers;  // sorted by name
  std::string payload_hash;
  for (const auto& [name, value] : request.headers) {
    const std::string lower = absl::AsciiStrToLower(name);
    if (lower == "x-amz-content-sha256") payload_hash = value;
    if (IsUnsignedHeader(lower)) continue;
    signed_headers[lower].push_back(CanonicalHeaderValue(value));
  }
  if (payload_hash.empty()) payload_hash = Sha256Hex(request.body);

  std::string canonical_headers;
  std::vector<std::string> names;
  for (const auto& [name, values] : signed_headers) {
    absl::StrAppend(&canonical_headers, name, ":", absl::StrJoin(values, ","), "\n");
    names.push_back(name);
  }
  const std::string signed_names = absl::StrJoin(names, ";");

  SignatureParts parts;
  parts.canonical_request = absl::StrCat(
      request.method, "\n", CanonicalPath(url.path, params.service), "\n",
      CanonicalQuery(url.query), "\n", canonical_headers, "\n", signed_names, "\n", payload_hash);
  const std::string scope =
      absl::StrCat(date, "/", params.region, "/", params.service, "/aws4_request");
  parts.string_to_sign = absl::StrCat(kAlgorithm, "\n", amz_date, "\n", scope, "\n",
                                      Sha256Hex(parts.canonical_request));

  const std::string date_key = HmacSha256("AWS4" + credentials.secret_access_key, date);
  const std::string region_key = HmacSha256(date_key, params.region);
  const std::string service_key = HmacSha256(region_key, params.service);
  const std::string signing_key = HmacSha256(service_key, "aws4_request");
  const std::string signature = HmacSha256(signing_key, parts.string_to_sign);

  parts.authorization = absl::StrCat(
      kAlgorithm, " Credential=", credentials.access_key_id, "/", scope,
      ", SignedHeaders=", signed_names, ", Signature=",
      Hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size()));
  request.headers.emplace_back("Authorization", parts.authorization);
  return parts;
}

}  // namespace jobrec::cloud
