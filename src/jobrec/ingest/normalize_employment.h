// Employment type mapping onto Posting::employment_type:
// "full_time" | "part_time" | "contract" | "temporary" | "internship".
//
// Pure, thread-safe, never throws.
#pragma once

#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::ingest {

// Maps the usual spellings, case- and punctuation-insensitively: "Full-time", "FULL_TIME",
// "Full Time", "F", "FT", "permanent" -> full_time; "Part Time", "PART_TIME", "P", "PT" ->
// part_time; "Contract", "CONTRACTOR", "freelance" -> contract; "Temporary", "temp",
// "seasonal", "PER_DIEM" -> temporary; "Internship", "INTERN", "Praktikum" -> internship.
// Lists ("Full-time; Part-time", "Full-Time/Part-Time") give their first recognised item.
// Errors: InvalidArgument for empty text or nothing recognised ("OTHER", "VOLUNTEER").
absl::StatusOr<std::string> NormalizeEmploymentType(const std::string& text);

// The first of `values` that NormalizeEmploymentType recognises (schema.org allows an array).
// Errors: InvalidArgument when none is recognised.
absl::StatusOr<std::string> NormalizeEmploymentType(const std::vector<std::string>& values);

}  // namespace jobrec::ingest
