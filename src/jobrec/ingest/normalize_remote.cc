#include "jobrec/ingest/normalize_remote.h"

#include <cctype>
#include <string_view>

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

// " word word " form: lower-case ASCII letters, digits and '%'; everything else is a space.
std::string Words(const std::string& text) {
  std::string out = " ";
  for (char c : AsciiLower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '%') {
      out.push_back(c);
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

bool HasAny(const std::string& words, std::initializer_list<std::string_view> phrases) {
  for (std::string_view p : phrases) {
    if (words.find(p) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

RemoteMode DetectRemoteMode(const std::string& text) {
  const std::string w = Words(text);
  if (HasAny(w, {" hybrid ", " partially remote ", " partly remote ", " remote friendly ",
                 " part remote ", " flexible working ", " mix of remote "})) {
    return RemoteMode::kHybrid;
  }
  if (HasAny(w, {" not remote ", " no remote ", " non remote ", " not a remote ",
                 " remote not available ", " remote work is not ", " not eligible for remote ",
                 " no telework ", " telework eligible no ", " not telework "})) {
    return RemoteMode::kOnsite;
  }
  if (HasAny(w, {" remote ", " remotely ", " work from home ", " working from home ",
                 " wfh ", " telecommute ", " telecommuting ", " telework ", " teleworking ",
                 " home based ", " homeoffice ", " anywhere ", " distributed team ",
                 " 100% remote ", " fully remote ", " remote first "})) {
    return RemoteMode::kRemote;
  }
  if (HasAny(w, {" on site ", " onsite ", " in office ", " in person ", " office based ",
                 " vor ort "})) {
    return RemoteMode::kOnsite;
  }
  return RemoteMode::kUnknown;
}

RemoteMode FirstKnownRemoteMode(std::initializer_list<RemoteMode> modes) {
  for (RemoteMode m : modes) {
    if (m != RemoteMode::kUnknown) return m;
  }
  return RemoteMode::kUnknown;
}

RemoteMode RemoteModeFromFlag(std::optional<bool> remote) {
  return remote.value_or(false) ? RemoteMode::kRemote : RemoteMode::kUnknown;
}

}  // namespace jobrec::ingest
