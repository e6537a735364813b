// The one file that speaks SMTP (through libcurl).
#include <curl/curl.h>

#include <cstring>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "jobrec/auth/mailer.h"
#include "jobrec/auth/token.h"
#include "jobrec/common/log.h"

namespace jobrec::auth {
namespace {

// Header values must not carry CR/LF (header injection through a crafted address/subject).
std::string HeaderSafe(const std::string& value) {
  return absl::StrReplaceAll(value, {{"\r", " "}, {"\n", " "}});
}

std::string RfcDate() {
  char buf[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Payload {
  std::string data;
  size_t offset = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* payload = static_cast<Payload*>(user);
  size_t n = std::min(size * nitems, payload->data.size() - payload->offset);
  std::memcpy(buffer, payload->data.data() + payload->offset, n);
  payload->offset += n;
  return n;
}

class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}

  absl::Status Send(const MailMessage& message) override {
    std::string domain = options_.from.substr(options_.from.find('@') + 1);
    Payload payload;
    // libcurl doubles leading dots of body lines itself (SMTP dot-stuffing).
    payload.data = absl::StrCat(
        "Date: ", RfcDate(), "\r\n", "To: <", HeaderSafe(message.to), ">\r\n", "From: <",
        HeaderSafe(options_.from), ">\r\n", "Message-ID: <", NewToken(), "@", domain, ">\r\n",
        "Subject: ", HeaderSafe(message.subject), "\r\n",
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n",
        absl::StrReplaceAll(message.body, {{"\r\n", "\n"}, {"\n", "\r\n"}}), "\r\n");

    CURL* curl = curl_easy_init();
    if (!curl) return absl::InternalError("smtp: curl_easy_init failed");
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + HeaderSafe(message.to) + ">").c_str());
    std::string from = "<" + HeaderSafe(options_.from) + ">";
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPayload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout_seconds));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (options_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!options_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
      return absl::UnavailableError(
          absl::StrCat("smtp: sending failed: ", curl_easy_strerror(rc), " (server code ", response, ")"));
    }
    log::Info("mail_sent", {{"subject", message.subject}});
    return absl::OkStatus();
  }

 private:
  SmtpOptions options_;
};

class LogMailer : public Mailer {
 public:
  absl::Status Send(const MailMessage& message) override {
    // Only without SMTP configured: the operator reads the message from the log.
    log::Warn("mail_not_sent_smtp_unconfigured",
              {{"to", message.to}, {"subject", message.subject}, {"body", message.body}});
    return absl::OkStatus();
  }
};

}  // namespace

std::vector<common::ConfigKey> SmtpConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "smtp.url", .type = ConfigType::kString, .default_value = "",
       .help = "smtp://host:port or smtps://host:port; empty: mails are written to the log"},
      {.name = "smtp.from", .type = ConfigType::kString, .default_value = "jobrec@localhost",
       .help = "sender address"},
      {.name = "smtp.username", .type = ConfigType::kString, .default_value = "", .help = "SMTP user"},
      {.name = "smtp.password", .type = ConfigType::kString, .default_value = "",
       .help = "SMTP password (environment only)", .secret = true},
      {.name = "smtp.starttls", .type = ConfigType::kBool, .default_value = "false",
       .help = "require STARTTLS on smtp://"},
  };
}

SmtpOptions SmtpOptionsFromConfig(const common::Config& config) {
  SmtpOptions options;
  options.url = config.GetString("smtp.url");
  options.from = config.GetString("smtp.from");
  options.username = config.GetString("smtp.username");
  options.password = config.GetString("smtp.password");
  options.starttls = config.GetBool("smtp.starttls");
  return options;
}

std::unique_ptr<Mailer> NewMailer(const SmtpOptions& options) {
  if (options.url.empty()) return std::make_unique<LogMailer>();
  return std::make_unique<SmtpMailer>(options);
}

}  // namespace jobrec::auth
