// Outbound email (password-reset links). SmtpMailer speaks SMTP through libcurl; without SMTP
// configured, LogMailer writes the message to the log so a single-machine install still works.
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"

namespace jobrec::auth {

struct MailMessage {
  std::string to;
  std::string subject;
  std::string body;  // plain text
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Unavailable when the server cannot be reached or refuses the message.
  virtual absl::Status Send(const MailMessage& message) = 0;
};

struct SmtpOptions {
  std::string url;       // smtp://host:port or smtps://host:port; "" = not configured
  std::string from;      // envelope and header sender
  std::string username;  // optional
  std::string password;  // optional; secret
  bool starttls = false; // require STARTTLS on smtp://
  int timeout_seconds = 20;
};

// smtp.url, smtp.from, smtp.username, smtp.password (secret), smtp.starttls.
std::vector<common::ConfigKey> SmtpConfigKeys();
SmtpOptions SmtpOptionsFromConfig(const common::Config& config);

// An SmtpMailer when options.url is set, else a LogMailer.
std::unique_ptr<Mailer> NewMailer(const SmtpOptions& options);

}  // namespace jobrec::auth
