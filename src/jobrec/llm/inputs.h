// The plain inputs the LLM layer renders into prompts: what it needs to know of a profile, a
// posting and the user's past ratings. Deliberately minimal value types so that llm/ depends
// on no other domain module; the caller (rank/, tasks/) fills them from its own models.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jobrec::llm {

struct SalaryRange {
  std::optional<double> min;
  std::optional<double> max;
  std::string currency;         // ISO 4217 ("EUR"); "" when unknown
  std::string period = "year";  // "year" | "month" | "week" | "day" | "hour"
};

struct WeightedSkill {
  std::string name;
  int weight = 3;  // 1 (nice to have) … 5 (essential); rendered as given
};

struct ProfileInput {
  std::vector<std::string> titles;  // job titles the user targets
  std::string ideal_job;            // free text in the user's words
  std::vector<WeightedSkill> technical_skills;
  std::vector<std::string> general_skills;
  std::vector<std::string> education;   // one line each: "MSc Computer Science, 2019"
  std::vector<std::string> experience;  // one line each: "4 years data engineering at …"
  std::vector<std::string> locations;
  std::string remote;  // "remote" | "hybrid" | "onsite" | "any" | "" (unknown)
  std::optional<SalaryRange> salary;
};

struct PostingInput {
  std::string title;
  std::string company;
  std::string location;
  std::optional<SalaryRange> salary;
  std::string remote;  // "remote" | "hybrid" | "onsite" | "" (unknown)
  std::string description;  // plain text, as long as the provider gave it (cut when rendered)
};

// One past rating of the user, shown to the model as a calibration example.
struct RatingExample {
  std::string posting_title;
  std::string company;
  int rating = 0;  // 1..10
  std::string comment;
  bool applied = false;
  bool not_interested = false;
};

}  // namespace jobrec::llm
