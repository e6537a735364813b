// Work-mode detection from provider flags and text.
//
// Pure functions, thread-safe, never throw; kUnknown means "the input does not say".
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// Classifies a short field (location, workplace type, title, a tag): "Remote", "Remote - US",
// "100% remote", "work from home", "WFH", "telecommute", "TELECOMMUTE", "telework",
// "Anywhere" -> kRemote; "Hybrid", "partially remote", "remote-friendly" -> kHybrid;
// "On-site", "onsite", "in office", "not remote", "no remote" -> kOnsite; else kUnknown.
// Hybrid wins over the others; a negated remote ("no remote", "non-remote") is on-site.
// Works on descriptions too, but a description's "remote" is weaker evidence: prefer a
// provider's structured flag or location field when there is one.
RemoteMode DetectRemoteMode(const std::string& text);

// The first known mode among the arguments, in order of trust (e.g. the provider's flag,
// then the location text, then the description); kUnknown when none is known.
RemoteMode FirstKnownRemoteMode(std::initializer_list<RemoteMode> modes);

// A provider's boolean "remote" flag: true -> kRemote, false -> kUnknown (false usually means
// "not flagged", not "on-site"), nullopt -> kUnknown.
RemoteMode RemoteModeFromFlag(std::optional<bool> remote);

}  // namespace jobrec::ingest
