// Converts profiles to and from the JSON of the public API (`GET/PUT /api/v1/profile`),
// validating every field. Stateless; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/profile/profile.h"

namespace jobrec::profile {

inline constexpr size_t kMaxJobTitles = 10;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxIdealJobChars = 5000;
inline constexpr size_t kMaxSkills = 30;
inline constexpr size_t kMaxLocations = 20;
inline constexpr size_t kMaxLanguages = 20;

// Parses and validates a profile. On the first invalid field returns InvalidArgument carrying
// the field's path (common::FieldOf: "technical_skills", "technical_skills[1].weight",
// "min_salary.currency", …) and a message a person can act on. Unknown keys are rejected too,
// so a typo in a client does not silently drop data.
absl::StatusOr<Profile> ProfileFromJson(const nlohmann::json& json);

nlohmann::json ProfileToJson(const Profile& profile);

}  // namespace jobrec::profile
