#include "jobrec/cloud/sigv4.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace jobrec::cloud {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kTestData = JOBREC_CLOUD_TESTDATA;

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::chrono::system_clock::time_point SuiteTime() { return *ParseAmzDate("20150830T123600Z"); }

// A request of the test suite's .req format: "METHOD TARGET HTTP/1.1", header lines
// "Name:value", a blank line, the body.
common::HttpRequest ParseSuiteRequest(const std::string& text) {
  const size_t head_end = text.find("\n\n");
  const std::string head = text.substr(0, head_end);
  common::HttpRequest request;
  if (head_end != std::string::npos) request.body = text.substr(head_end + 2);
  std::vector<std::string> lines = absl::StrSplit(head, '\n');
  const std::string& request_line = lines.front();
  const size_t method_end = request_line.find(' ');
  const size_t target_end = request_line.rfind(" HTTP/1.1");
  request.method = request_line.substr(0, method_end);
  request.url = "https://example.amazonaws.com" +
                request_line.substr(method_end + 1, target_end - method_end - 1);
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    request.headers.emplace_back(lines[i].substr(0, colon), lines[i].substr(colon + 1));
  }
  return request;
}

std::string HeaderValue(const common::HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (absl::AsciiStrToLower(key) == name) return value;
  }
  return "";
}

void DropHeader(common::HttpRequest& request, const std::string& name) {
  std::erase_if(request.headers,
                [&](const auto& header) { return absl::AsciiStrToLower(header.first) == name; });
}

SignatureParts SignSuiteRequest(common::HttpRequest request) {
  AwsCredentials credentials{.access_key_id = "AKIDEXAMPLE",
                             .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                             .session_token = HeaderValue(request, "x-amz-security-token")};
  auto parts = SignRequest(request, credentials,
                           {.region = "us-east-1", .service = "service", .time = SuiteTime()});
  EXPECT_TRUE(parts.ok()) << parts.status();
  return parts.ok() ? *parts : SignatureParts{};
}

std::vector<std::string> SuiteCases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kTestData / "sigv4")) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SigV4SuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SigV4SuiteTest, MatchesPublishedVector) {
  const std::string name = GetParam();
  const fs::path dir = kTestData / "sigv4" / name;
  const fs::path base = dir / name;
  const common::HttpRequest request = ParseSuiteRequest(ReadFile(base.string() + ".req"));
  const SignatureParts parts = SignSuiteRequest(request);

  if (fs::exists(base.string() + ".creq")) {
    EXPECT_EQ(parts.canonical_request, ReadFile(base.string() + ".creq"));
  }
  // Two published vectors disagree with themselves (testdata/sigv4/README.md): their .creq
  // signs Content-Length, but their .sts/.authz were made from another request.
  SignatureParts signed_parts = parts;
  std::string expected_authz = ReadFile(base.string() + ".authz");
  if (name == "post-x-www-form-urlencoded") {
    common::HttpRequest without_length = request;
    DropHeader(without_length, "content-length");
    signed_parts = SignSuiteRequest(without_length);
  } else if (name == "post-x-www-form-urlencoded-parameters") {
    // Its .sts is of "charset=utf8" without Content-Length, and its .authz carries that
    // signature under a SignedHeaders list that still names content-length.
    common::HttpRequest variant = request;
    DropHeader(variant, "content-length");
    DropHeader(variant, "content-type");
    variant.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf8");
    signed_parts = SignSuiteRequest(variant);
    const std::string published_signature = expected_authz.substr(expected_authz.rfind(' '));
    expected_authz = signed_parts.authorization.substr(0, signed_parts.authorization.rfind(' ')) +
                     published_signature;
  }
  if (fs::exists(base.string() + ".sts")) {
    EXPECT_EQ(signed_parts.string_to_sign, ReadFile(base.string() + ".sts"));
  }
  EXPECT_EQ(signed_parts.authorization, expected_authz);
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4SuiteTest, ::testing::ValuesIn(SuiteCases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4Test, SuiteIsPresent) { EXPECT_GE(SuiteCases().size(), 29u); }

TEST(SigV4Test, SetsDateTokenHostAndReplacesOldSignature) {
  common::HttpRequest request{.method = "POST",
                              .url = "https://EC2.us-east-1.amazonaws.com:443/",
                              .headers = {{"Authorization", "stale"}, {"X-Amz-Date", "old"}},
                              .body = "Action=DescribeInstances"};
  auto parts = SignRequest(request,
                           {.access_key_id = "AKID", .secret_access_key = "SECRET",
                            .session_token = "TOKEN"},
                           {.region = "us-east-1", .service = "ec2", .time = SuiteTime()});
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(HeaderValue(request, "x-amz-date"), "20150830T123600Z");
  EXPECT_EQ(HeaderValue(request, "x-amz-security-token"), "TOKEN");
  EXPECT_EQ(HeaderValue(request, "host"), "ec2.us-east-1.amazonaws.com");
  EXPECT_EQ(HeaderValue(request, "authorization"), parts->authorization);
  int authorizations = 0;
  for (const auto& header : request.headers) authorizations += header.first == "Authorization";
  EXPECT_EQ(authorizations, 1);
  EXPECT_THAT(parts->authorization,
              HasSubstr("Credential=AKID/20150830/us-east-1/ec2/aws4_request, "
                        "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="));
  EXPECT_TRUE(absl::EndsWith(parts->canonical_request, Sha256Hex("Action=DescribeInstances")));
}

TEST(SigV4Test, DoesNotSignUserAgentOrExpect) {
  common::HttpRequest request{.url = "http://127.0.0.1:8080/x",
                              .headers = {{"User-Agent", "jobrec"}, {"Expect", "100-continue"}}};
  auto parts = SignRequest(request, {.access_key_id = "A", .secret_access_key = "S"},
                           {.region = "r", .service = "s", .time = SuiteTime()});
  ASSERT_TRUE(parts.ok());
  EXPECT_THAT(parts->authorization, HasSubstr("SignedHeaders=host;x-amz-date,"));
  EXPECT_EQ(HeaderValue(request, "host"), "127.0.0.1:8080");
}

TEST(SigV4Test, DoubleEncodesPathExceptForS3) {
  const AwsCredentials credentials{.access_key_id = "A", .secret_access_key = "S"};
  common::HttpRequest request{.url = "https://h.example/a%20b/./c//d"};
  auto ec2 = SignRequest(request, credentials,
                         {.region = "r", .service = "ec2", .time = SuiteTime()});
  ASSERT_TRUE(ec2.ok());
  EXPECT_THAT(ec2->canonical_request, HasSubstr("GET\n/a%2520b/c/d\n"));
  common::HttpRequest s3_request{.url = "https://h.example/a%20b/./c//d"};
  auto s3 = SignRequest(s3_request, credentials,
                        {.region = "r", .service = "s3", .time = SuiteTime()});
  ASSERT_TRUE(s3.ok());
  EXPECT_THAT(s3->canonical_request, HasSubstr("GET\n/a%20b/./c//d\n"));
}

TEST(SigV4Test, CanonicalQueryReencodesAndSorts) {
  common::HttpRequest request{.url = "https://h.example/?b=2&a=%7e+x&a=%2f&flag&c=%E1%88%b4"};
  auto parts = SignRequest(request, {.access_key_id = "A", .secret_access_key = "S"},
                           {.region = "r", .service = "s", .time = SuiteTime()});
  ASSERT_TRUE(parts.ok());
  EXPECT_THAT(parts->canonical_request,
              HasSubstr("\na=%2F&a=~%2Bx&b=2&c=%E1%88%B4&flag=\n"));
}

TEST(SigV4Test, RejectsBadInput) {
  const SigningParams params{.region = "us-east-1", .service = "ec2", .time = SuiteTime()};
  const AwsCredentials credentials{.access_key_id = "A", .secret_access_key = "S"};
  for (const std::string url : {"", "/relative", "ftp://h/x", "https://", "https://user@h/"}) {
    common::HttpRequest request{.url = url};
    EXPECT_TRUE(absl::IsInvalidArgument(SignRequest(request, credentials, params).status()))
        << url;
  }
  common::HttpRequest request{.url = "https://h/"};
  EXPECT_TRUE(absl::IsInvalidArgument(
      SignRequest(request, {.access_key_id = "A"}, params).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      SignRequest(request, credentials, {.service = "ec2", .time = SuiteTime()}).status()));
}

TEST(SigV4Test, AmzDateRoundTripsAndRejectsGarbage) {
  const auto time = ParseAmzDate("20240229T235959Z");
  ASSERT_TRUE(time.ok());
  EXPECT_EQ(FormatAmzDate(*time), "20240229T235959Z");
  for (const std::string bad : {"", "20240229T235959", "2024-02-29T23:59:59Z", "20241329T000000Z",
                                "2024022XT000000Z", "20240229T246000Z"}) {
    EXPECT_FALSE(ParseAmzDate(bad).ok()) << bad;
  }
}

TEST(SigV4Test, UriEncode) {
  EXPECT_EQ(AwsUriEncode("aZ09-_.~ /+%é", false), "aZ09-_.~%20%2F%2B%25%C3%A9");
  EXPECT_EQ(AwsUriEncode("/a b/", true), "/a%20b/");
}

// ---- Comparison with botocore on random requests ----

std::string RandomString(std::mt19937& random, const std::string& alphabet, int min, int max) {
  std::uniform_int_distribution<int> length(min, max);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (int i = length(random); i > 0; --i) out.push_back(alphabet[pick(random)]);
  return out;
}

// Random text from pieces that are whole UTF-8 sequences.
std::string RandomText(std::mt19937& random, const std::vector<std::string>& pieces, int max) {
  std::uniform_int_distribution<int> length(0, max);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::string out;
  for (int i = length(random); i > 0; --i) out += pieces[pick(random)];
  return out;
}

nlohmann::json RandomRequest(std::mt19937& random) {
  auto coin = [&](double p) { return std::bernoulli_distribution(p)(random); };
  auto choose = [&](const std::vector<std::string>& options) {
    return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(random)];
  };
  const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::vector<std::string> text_pieces = {
      "a", "Z", "0", "-", "_", ".", "~", " ", "/", "+", "=", "&", "?", "%", "!", "$", "'",
      "(", ")", "*", ",", ";", ":", "@", "[", "]", "\"", "<", ">", "é", "ሴ", "😀"};
  // Characters that may stand raw in a URL path, plus percent-escapes and UTF-8.
  const std::vector<std::string> path_pieces = {
      "a", "B", "7", "-", "_", ".", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",",
      ";", "=", ":", "@", "%20", "%2F", "%25", "%e2%82%ac", "é", "ሴ", ".", ".."};

  std::string path;
  for (int i = std::uniform_int_distribution<int>(0, 4)(random); i > 0; --i) {
    path += "/";
    if (coin(0.15)) continue;  // an empty segment
    if (coin(0.15)) {
      path += choose({".", ".."});
      continue;
    }
    path += RandomText(random, path_pieces, 6);
  }
  if (path.empty() || coin(0.3)) path += "/";

  std::vector<std::string> query;
  for (int i = std::uniform_int_distribution<int>(0, 5)(random); i > 0; --i) {
    const std::string name = AwsUriEncode(RandomText(random, text_pieces, 5), false);
    if (coin(0.1) && !name.empty()) {
      query.push_back(name);  // no "=" at all
    } else {
      query.push_back(name + "=" + AwsUriEncode(RandomText(random, text_pieces, 8), false));
    }
  }
  if (coin(0.3) && !query.empty()) query.push_back(query.front());  // a repeated pair

  std::string url = choose({"https://", "http://"}) +
                    choose({"ec2.us-east-1.amazonaws.com", "Route53.AmazonAWS.com",
                            "127.0.0.1:8080", "example.amazonaws.com:443", "h.example:80"}) +
                    path;
  if (!query.empty()) absl::StrAppend(&url, "?", absl::StrJoin(query, "&"));

  nlohmann::json headers = nlohmann::json::array();
  const std::string value_alphabet = letters + " \t!#$%&'()*+,-./:;<=>?@[]^_`{|}~\"";
  for (int i = std::uniform_int_distribution<int>(0, 6)(random); i > 0; --i) {
    std::string name = coin(0.2) ? choose({"User-Agent", "Content-Type", "X-Amz-Target",
                                           "x-amz-meta-Thing", "Expect", "X-Amzn-Trace-Id"})
                                 : "X-" + RandomString(random, letters + "-", 1, 10);
    std::string value = RandomString(random, value_alphabet, 0, 20);
    if (coin(0.3)) value = "  " + value + "   lots   of   space  ";
    headers.push_back({name, value});
    if (coin(0.2)) headers.push_back({absl::AsciiStrToLower(name), "second " + value});
  }
  if (coin(0.1)) {
    headers.push_back({"X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"});
  }

  const int64_t seconds = std::uniform_int_distribution<int64_t>(1'420'070'400, 1'893'456'000)(random);
  return {
      {"method", choose({"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"})},
      {"url", url},
      {"headers", headers},
      {"body", coin(0.3) ? "" : RandomText(random, text_pieces, 60)},
      {"access_key", "AKID" + RandomString(random, letters, 8, 16)},
      {"secret_key", RandomString(random, letters + "/+", 20, 40)},
      {"token", coin(0.4) ? RandomString(random, letters + "/+=", 20, 80) : ""},
      {"region", choose({"us-east-1", "eu-west-3", "ap-southeast-2"})},
      {"service", choose({"ec2", "route53", "service", "sts"})},
      {"amz_date", FormatAmzDate(std::chrono::system_clock::from_time_t(seconds))},
  };
}

std::string OurAuthorization(const nlohmann::json& spec) {
  common::HttpRequest request{.method = spec["method"], .url = spec["url"], .body = spec["body"]};
  for (const auto& header : spec["headers"]) request.headers.emplace_back(header[0], header[1]);
  auto parts = SignRequest(request,
                           {.access_key_id = spec["access_key"],
                            .secret_access_key = spec["secret_key"],
                            .session_token = spec["token"]},
                           {.region = spec["region"],
                            .service = spec["service"],
                            .time = *ParseAmzDate(spec["amz_date"])});
  return parts.ok() ? parts->authorization : "error: " + std::string(parts.status().message());
}

TEST(SigV4BotocoreTest, RandomRequestsMatchBotocoreByteForByte) {
  constexpr uint32_t kSeed = 20240611;
  constexpr int kRequests = 200;
  std::mt19937 random(kSeed);
  nlohmann::json specs = nlohmann::json::array();
  for (int i = 0; i < kRequests; ++i) specs.push_back(RandomRequest(random));

  const fs::path input = fs::path(::testing::TempDir()) / "sigv4_botocore_input.json";
  std::ofstream(input) << specs.dump();
  const std::string command = "/usr/bin/python3 " + (kTestData / "botocore_sign.py").string() +
                              " < " + input.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t read = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
  const int exit_code = WEXITSTATUS(pclose(pipe));
  if (exit_code == 3) GTEST_SKIP() << "botocore is not importable: " << output;
  ASSERT_EQ(exit_code, 0) << output;

  std::vector<std::string> theirs = absl::StrSplit(output, '\n', absl::SkipEmpty());
  ASSERT_EQ(theirs.size(), specs.size()) << output.substr(0, 2000);
  int mismatches = 0;
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::string ours = OurAuthorization(specs[i]);
    if (ours != theirs[i]) {
      ++mismatches;
      ADD_FAILURE() << "request " << i << " (seed " << kSeed << "): " << specs[i].dump()
                    << "\n ours:     " << ours << "\n botocore: " << theirs[i];
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace jobrec::cloud
