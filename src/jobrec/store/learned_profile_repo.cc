#include "jobrec/store/learned_profile_repo.h"

#include "jobrec/store/posting_write_steps.h"
#include "jobrec/store/real_array.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {

absl::StatusOr<std::optional<StoredLearnedProfile>> LearnedProfileRepo::Get(int64_t user_id) {
  std::optional<StoredLearnedProfile> learned;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "learned_profile.Get", true), [&](pqxx::work& tx) {
    const auto rows = tx.exec(
        "SELECT model_version, vector::text, terms_toward::text, terms_away::text, "
        "reviews_used, inputs, (extract(epoch FROM reset_at) * 1000000)::bigint FROM learned_profile_get()");
    if (rows.empty()) return absl::OkStatus();
    const auto& r = rows[0];
    learned = StoredLearnedProfile{.model_version = r[0].as<std::string>(),
                                   .vector = internal::ParseRealArray(r[1].as<std::string>()),
                                   .terms_toward = nlohmann::json::parse(r[2].as<std::string>()),
                                   .terms_away = nlohmann::json::parse(r[3].as<std::string>()),
                                   .reviews_used = r[4].as<int>(),
                                   .inputs = r[5].as<std::string>()};
    if (!r[6].is_null()) learned->reset_at_micros = r[6].as<int64_t>();
    return absl::OkStatus();
  }));
  return learned;
}

absl::StatusOr<std::string> LearnedProfileRepo::Inputs(int64_t user_id) {
  std::string inputs;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "learned_profile.Inputs", true), [&](pqxx::work& tx) {
    inputs = tx.exec1("SELECT learned_profile_inputs()")[0].as<std::string>();
    return absl::OkStatus();
  }));
  return inputs;
}

absl::Status LearnedProfileRepo::Put(int64_t user_id, const StoredLearnedProfile& learned) {
  return RunTransaction(db_, AsUser(user_id, "learned_profile.Put"), [&](pqxx::work& tx) {
    tx.exec_params(
        "SELECT learned_profile_put($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)::real), "
        "$3::jsonb, $4::jsonb, $5, $6)",
        learned.model_version, nlohmann::json(learned.vector).dump(), learned.terms_toward.dump(),
        learned.terms_away.dump(), learned.reviews_used, learned.inputs);
    return absl::OkStatus();
  });
}

absl::Status LearnedProfileRepo::Reset(int64_t user_id) {
  return RunTransaction(db_, AsUser(user_id, "learned_profile.Reset"), [&](pqxx::work& tx) {
    tx.exec("SELECT learned_profile_reset()");
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<RatedPosting>> LearnedProfileRepo::RatedPostings(
    const std::string& model_version, const std::vector<int64_t>& ids) {
  std::vector<RatedPosting> rated;
  if (ids.empty()) return rated;
  JOBREC_RETURN_IF_ERROR(RunTransaction(
      db_, {.name = "learned_profile.RatedPostings", .read_only = true}, [&](pqxx::work& tx) {
        const auto rows = tx.exec_params(
            "SELECT v.posting_id, v.title_vector::text, v.description_vector::text, p.title, "
            "p.description "
            "FROM posting_vectors v JOIN postings p ON p.id = v.posting_id "
            "WHERE v.model_version = $1 AND v.posting_id = ANY($2::bigint[]) ORDER BY v.posting_id",
            model_version, internal::BigintArrayLiteral(ids));
        for (const auto& r : rows) {
          rated.push_back({.posting_id = r[0].as<int64_t>(),
                           .title_vector = internal::ParseRealArray(r[1].as<std::string>()),
                           .description_vector = internal::ParseRealArray(r[2].as<std::string>()),
                           .title = r[3].as<std::string>(),
                           .description = r[4].as<std::string>()});
        }
        return absl::OkStatus();
      }));
  return rated;
}

}  // namespace jobrec::store
