#include "jobrec/store/posting_reader.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "jobrec/store/posting_write_steps.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

constexpr char kPostingColumns[] =
    "id, provider, external_id, url, title, company, location_text, city, region, country, remote, "
    "salary_min, salary_max, salary_currency, salary_period, salary_annual_min, salary_annual_max, "
    "employment_type, description, extract(epoch FROM posted_at)::bigint, "
    "extract(epoch FROM expires_at)::bigint, status, labels::text, canonical_id, "
    "(extract(epoch FROM listed_at) * 1000000)::bigint";
constexpr char kVisible[] =
    "status = 'active' AND canonical_id IS NULL AND (expires_at IS NULL OR expires_at > now())";

std::optional<double> OptionalDouble(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<double>();
}

std::optional<Timestamp> OptionalTime(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Timestamp(std::chrono::seconds(f.as<int64_t>()));
}

// As the API user, read-only, without JIT: a listing's count over many rows can pass
// jit_above_cost, and compiling costs more than the request.
TxOptions ReadAs(int64_t user_id, std::string name) {
  TxOptions options = AsUser(user_id, std::move(name), /*read_only=*/true);
  options.settings.emplace_back("jit", "off");
  return options;
}

StoredPosting PostingFromRow(const pqxx::row& r) {
  StoredPosting p;
  p.id = r[0].as<int64_t>();
  p.provider = r[1].as<std::string>();
  p.external_id = r[2].as<std::string>();
  p.url = r[3].as<std::string>();
  p.title = r[4].as<std::string>();
  p.company = r[5].as<std::string>();
  p.location_text = r[6].as<std::string>();
  p.city = r[7].as<std::string>();
  p.region = r[8].as<std::string>();
  p.country = r[9].as<std::string>();
  p.remote = r[10].as<std::string>();
  if (!r[14].is_null()) {
    p.salary = SalaryRow{.min = OptionalDouble(r[11]),
                         .max = OptionalDouble(r[12]),
                         .currency = r[13].as<std::string>(),
                         .period = r[14].as<std::string>(),
                         .annual_min = OptionalDouble(r[15]),
                         .annual_max = OptionalDouble(r[16])};
  }
  p.employment_type = r[17].as<std::string>();
  p.description = r[18].as<std::string>();
  p.posted_at = OptionalTime(r[19]);
  p.expires_at = OptionalTime(r[20]);
  p.status = r[21].as<std::string>();
  p.labels = nlohmann::json::parse(r[22].as<std::string>());
  if (!r[23].is_null()) p.canonical_id = r[23].as<int64_t>();
  return p;
}

}  // namespace

absl::StatusOr<PostingListPage> PostingReader::List(int64_t user_id, const PostingListQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    return common::InvalidField("limit", "must be between 1 and 1000");
  }
  PostingListPage page;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, ReadAs(user_id, "posting_reader.List"), [&](pqxx::work& tx) {
    // exec_params plans with the values bound, so "$1 = ''" folds away.
    const std::string filter =
        absl::StrCat(kVisible, " AND ($1 = '' OR id IN (SELECT posting_id FROM posting_search "
                                   "WHERE search @@ websearch_to_tsquery('english', $1)))");
    page.total = tx.exec_params1(absl::StrCat("SELECT count(*) FROM postings WHERE ", filter), query.text)[0]
                     .as<int64_t>();
    // One row more than asked tells whether another page follows.
    std::string sql = absl::StrCat("SELECT ", kPostingColumns, " FROM postings WHERE ", filter);
    if (query.after) {
      sql +=
          " AND (listed_at, id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::bigint)";
    }
    sql += " ORDER BY listed_at DESC, id DESC LIMIT $2";
    const auto rows = query.after ? tx.exec_params(sql, query.text, query.limit + 1,
                                                   query.after->listed_at_micros, query.after->id)
                                  : tx.exec_params(sql, query.text, query.limit + 1);
    const size_t shown = std::min(rows.size(), static_cast<size_t>(query.limit));
    for (size_t i = 0; i < shown; ++i) page.items.push_back(PostingFromRow(rows[i]));
    if (rows.size() > shown) {
      const auto& last = rows[shown - 1];
      page.next = PostingListPosition{last[24].as<int64_t>(), last[0].as<int64_t>()};
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<std::optional<PostingDetail>> PostingReader::Get(int64_t user_id, int64_t id) {
  std::optional<PostingDetail> detail;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, ReadAs(user_id, "posting_reader.Get"), [&](pqxx::work& tx) {
    const auto rows =
        tx.exec_params(absl::StrCat("SELECT ", kPostingColumns, " FROM postings WHERE id = $1"), id);
    if (rows.empty()) return absl::OkStatus();
    detail = PostingDetail{.posting = PostingFromRow(rows[0])};
    const int64_t canonical = detail->posting.canonical_id.value_or(id);
    for (const auto& r : tx.exec_params("SELECT id, provider, url, status FROM postings "
                                        "WHERE id = $1 OR canonical_id = $1 ORDER BY id <> $1, id",
                                        canonical)) {
      detail->sources.push_back(
          {r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return detail;
}

absl::StatusOr<std::vector<StoredPosting>> PostingReader::GetVisible(int64_t user_id,
                                                                     const std::vector<int64_t>& ids) {
  std::vector<StoredPosting> out;
  if (ids.empty()) return out;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, ReadAs(user_id, "posting_reader.GetVisible"), [&](pqxx::work& tx) {
        std::unordered_map<int64_t, StoredPosting> found;
        for (const auto& r :
             tx.exec_params(absl::StrCat("SELECT ", kPostingColumns,
                                         " FROM postings WHERE id = ANY($1::bigint[]) AND ", kVisible),
                            internal::BigintArrayLiteral(ids))) {
          StoredPosting p = PostingFromRow(r);
          found.emplace(p.id, std::move(p));
        }
        for (int64_t id : ids) {
          if (auto it = found.find(id); it != found.end()) out.push_back(it->second);
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<bool> PostingReader::Empty() {
  bool empty = true;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, {.name = "posting_reader.Empty", .read_only = true}, [&](pqxx::work& tx) {
        empty = !tx.exec1("SELECT EXISTS (SELECT 1 FROM postings)")[0].as<bool>();
        return absl::OkStatus();
      }));
  return empty;
}

}  // namespace jobrec::store
