#include "jobrec/store/posting_vector_repo.h"

#include <charconv>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "jobrec/store/real_array.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

constexpr char kVisible[] =
    "p.status = 'active' AND p.canonical_id IS NULL";

absl::Status CheckLimit(int limit) {
  if (limit < 1 || limit > 10000) return absl::InvalidArgumentError("limit must be in 1..10000");
  return absl::OkStatus();
}

// "{0.25,-1e-05,…}" with each float's shortest round-trip form.
std::string ArrayLiteral(const std::vector<float>& v) {
  std::string out = "{";
  char buffer[32];
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v[i]);
    out.append(buffer, end);
  }
  out += '}';
  return out;
}

std::vector<PostingText> TextsOf(const pqxx::result& rows) {
  std::vector<PostingText> texts;
  for (const auto& row : rows) {
    texts.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<std::string>()});
  }
  return texts;
}

}  // namespace

absl::Status PostingVectorRepo::RegisterModelVersion(const std::string& version_id, int dim,
                                                     const nlohmann::json& info) {
  return RunTransaction(db_, {.name = "posting_vectors.RegisterModelVersion"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO model_versions (version_id, dim, info) VALUES ($1, $2, $3::jsonb) "
        "ON CONFLICT (version_id) DO NOTHING",
        version_id, dim, info.dump());
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<PostingText>> PostingVectorRepo::VisibleTexts(int64_t after_id,
                                                                        int limit) {
  JOBREC_RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<PostingText> texts;
  JOBREC_RETURN_IF_ERROR(RunTransaction(
      db_, {.name = "posting_vectors.VisibleTexts", .read_only = true}, [&](pqxx::work& tx) {
        texts = TextsOf(tx.exec_params(
            absl::StrCat("SELECT p.id, p.title, p.description, p.content_hash FROM postings p "
                         "WHERE ", kVisible, " AND p.id > $1 ORDER BY p.id LIMIT $2"),
            after_id, limit));
        return absl::OkStatus();
      }));
  return texts;
}

absl::StatusOr<std::vector<PostingText>> PostingVectorRepo::PostingsToEmbed(
    const std::string& model_version, int64_t after_id, int limit) {
  JOBREC_RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<PostingText> texts;
  JOBREC_RETURN_IF_ERROR(RunTransaction(
      db_, {.name = "posting_vectors.PostingsToEmbed", .read_only = true}, [&](pqxx::work& tx) {
        texts = TextsOf(tx.exec_params(
            absl::StrCat(
                "SELECT p.id, p.title, p.description, p.content_hash FROM postings p "
                "LEFT JOIN posting_vectors v ON v.posting_id = p.id AND v.model_version = $1 "
                "WHERE ", kVisible, " AND p.id > $2 "
                "AND (v.posting_id IS NULL OR v.content_hash <> p.content_hash) "
                "ORDER BY p.id LIMIT $3"),
            model_version, after_id, limit));
        return absl::OkStatus();
      }));
  return texts;
}

absl::Status PostingVectorRepo::Upsert(const std::string& model_version,
                                       const std::vector<PostingVectorRow>& rows) {
  for (const auto& row : rows) {
    if (row.title.empty() || row.title.size() != row.description.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("posting ", row.posting_id, ": title and description vectors must have "
                       "the same non-zero length"));
    }
  }
  return RunTransaction(db_, {.name = "posting_vectors.Upsert"}, [&](pqxx::work& tx) {
    if (tx.exec_params("SELECT 1 FROM model_versions WHERE version_id = $1", model_version)
            .empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("model version ", model_version, " is not registered"));
    }
    for (const auto& row : rows) {
      tx.exec_params(
          "INSERT INTO posting_vectors (posting_id, model_version, content_hash, title_vector, "
          "description_vector) SELECT id, $2, $3, $4::real[], $5::real[] FROM postings "
          "WHERE id = $1 "
          "ON CONFLICT (model_version, posting_id) DO UPDATE SET "
          "content_hash = EXCLUDED.content_hash, title_vector = EXCLUDED.title_vector, "
          "description_vector = EXCLUDED.description_vector, embedded_at = now()",
          row.posting_id, model_version, row.content_hash, ArrayLiteral(row.title),
          ArrayLiteral(row.description));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<IndexedPostingVector>> PostingVectorRepo::IndexRows(
    const std::string& model_version, int64_t after_id, int limit) {
  JOBREC_RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<IndexedPostingVector> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(
      db_, {.name = "posting_vectors.IndexRows", .read_only = true}, [&](pqxx::work& tx) {
        auto rows = tx.exec_params(
            absl::StrCat(
                "SELECT p.id, v.title_vector::text, v.description_vector::text, p.remote, "
                "p.country, p.city, p.salary_annual_max, "
                "extract(epoch FROM p.posted_at)::bigint "
                "FROM posting_vectors v JOIN postings p ON p.id = v.posting_id "
                "WHERE v.model_version = $1 AND ", kVisible,
                " AND (p.expires_at IS NULL OR p.expires_at > now()) AND p.id > $2 "
                "ORDER BY p.id LIMIT $3"),
            model_version, after_id, limit);
        for (const auto& row : rows) {
          IndexedPostingVector v{.posting_id = row[0].as<int64_t>(),
                                 .title = internal::ParseRealArray(row[1].as<std::string>()),
                                 .description = internal::ParseRealArray(row[2].as<std::string>()),
                                 .remote = row[3].as<std::string>(),
                                 .country = row[4].as<std::string>(),
                                 .city = row[5].as<std::string>()};
          if (!row[6].is_null()) v.salary_annual_max = row[6].as<double>();
          if (!row[7].is_null()) v.posted_at_unix = row[7].as<int64_t>();
          out.push_back(std::move(v));
        }
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace jobrec::store
