#include "jobrec/auth/common_passwords.h"

#include <set>
#include <string_view>

namespace jobrec::auth {
namespace {

const std::set<std::string_view>& List() {
  static const std::set<std::string_view> kList = {
      "1234567890", "0123456789", "0987654321", "1111111111", "1234512345", "1q2w3e4r5t",
      "1qaz2wsx3edc", "zaq12wsxcde3", "qwertyuiop", "asdfghjkl;", "zxcvbnm,./", "qwerty1234",
      "qwerty12345", "qwerty123456", "qwertyuiop1", "qwertyqwerty", "asdfghjkl1", "password12",
      "password123", "password1234", "password12345", "passw0rd123", "p@ssw0rd123", "p@ssword123",
      "passwordpassword", "iloveyou12", "iloveyou123", "iloveyou1234", "letmein123", "letmein1234",
      "welcome123", "welcome1234", "welcome2024", "welcome2025", "welcome2026", "football123",
      "baseball123", "basketball", "basketball1", "superman123", "batman1234", "princess123",
      "sunshine123", "starwars123", "monkey12345", "dragon12345", "master12345", "shadow12345",
      "michael123", "jennifer123", "trustno1234", "changeme123", "changeme1234", "administrator",
      "admin12345", "admin123456", "administrator1", "rootroot12", "computer123", "internet123",
      "whatever123", "abcdefghij", "abcdefghijk", "abcdefg123", "abc1234567", "abcd123456",
      "a1b2c3d4e5", "aa12345678", "aaaaaaaaaa", "zzzzzzzzzz", "9876543210", "12345678910",
      "123456789a", "123456789q", "123456789z", "1234567890a", "1234567890q", "q1w2e3r4t5",
      "q1w2e3r4t5y6", "1q2w3e4r5t6y", "1qazxsw23edc", "zaq1xsw2cde3", "qazwsxedcrfv",
      "mypassword1", "mypassword123", "secret12345", "summer2024", "summer2025", "summer2026",
      "winter2024", "winter2025", "winter2026", "spring2025", "autumn2025", "loveyou123",
      "lovelove12", "iloveyouso", "thisisapassword", "myspace123", "facebook123", "google1234",
      "jobrec1234", "jobrecjobrec", "recommend1", "qwertzuiop", "azertyuiop", "motdepasse",
      "motdepasse1", "passwort123", "contrasena1", "contraseña1",
  };
  return kList;
}

bool IsRepetition(const std::string& s) {
  for (size_t period = 1; period <= s.size() / 2; ++period) {
    if (s.size() % period) continue;
    bool repeats = true;
    for (size_t i = period; i < s.size() && repeats; ++i) repeats = s[i] == s[i - period];
    if (repeats) return true;
  }
  return false;
}

bool IsSequence(const std::string& s) {
  int step = s.size() > 1 ? s[1] - s[0] : 0;
  if (step != 1 && step != -1) return false;
  for (size_t i = 2; i < s.size(); ++i) {
    if (s[i] - s[i - 1] != step) return false;
  }
  return true;
}

}  // namespace

bool IsCommonPassword(const std::string& lower) {
  return List().count(lower) > 0 || IsRepetition(lower) || IsSequence(lower);
}

}  // namespace jobrec::auth
