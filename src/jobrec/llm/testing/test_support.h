// Shared fixtures of the llm tests and benchmark: sample inputs and options that point the
// clients at a FakeLlmServer with fast retries.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/llm/inputs.h"
#include "jobrec/llm/llm_options.h"

namespace jobrec::llm::testing {

inline constexpr char kTestApiKey[] = "sk-test-SECRET-4f9a2c";

// Retries after 10-20 ms instead of 0.5 s; Retry-After honoured up to 2 s.
inline std::shared_ptr<common::HttpClient> FastHttpClient(int max_attempts = 3) {
  common::HttpClientOptions options;
  options.max_attempts = max_attempts;
  options.backoff_base = std::chrono::milliseconds(10);
  options.backoff_max = std::chrono::seconds(2);
  options.connect_timeout = std::chrono::seconds(2);
  options.per_host_concurrency = 16;
  return common::NewCurlHttpClient(options);
}

inline LlmOptions TestOptions(const std::string& provider, const std::string& base_url) {
  LlmOptions options;
  options.provider = provider;
  options.base_url = base_url;
  options.api_key = kTestApiKey;
  options.model = provider == "anthropic" ? "claude-test" : "gpt-test";
  options.timeout = std::chrono::seconds(5);
  options.max_output_tokens = 500;
  return options;
}

inline ProfileInput SampleProfile() {
  ProfileInput profile;
  profile.titles = {"Data Engineer", "Analytics Engineer"};
  profile.ideal_job = "Building reliable data pipelines for a product company.";
  profile.technical_skills = {{"Python", 5}, {"SQL", 4}, {"Airflow", 2}};
  profile.general_skills = {"communication", "mentoring"};
  profile.education = {"MSc Computer Science, 2018"};
  profile.experience = {"5 years data engineering at a retailer"};
  profile.locations = {"Lyon", "Paris"};
  profile.remote = "hybrid";
  profile.salary = SalaryRange{.min = 55000, .currency = "EUR"};
  return profile;
}

inline PostingInput SamplePosting(const std::string& title = "Senior Data Engineer") {
  PostingInput posting;
  posting.title = title;
  posting.company = "Acme Analytics";
  posting.location = "Lyon, France";
  posting.salary = SalaryRange{.min = 50000, .max = 65000, .currency = "EUR"};
  posting.remote = "hybrid";
  posting.description =
      "We build the data platform of a fast-growing retailer. You will design batch and "
      "streaming pipelines in Python and SQL, run them on Airflow and Kubernetes, and mentor "
      "two junior engineers.";
  return posting;
}

}  // namespace jobrec::llm::testing
