#include "jobrec/store/database_admin.h"

#include <libpq-fe.h>

#include <memory>
#include <algorithm>
#include <cctype>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "jobrec/store/connection_pool.h"

namespace jobrec::store {
namespace {

// Hand-written rather than a static std::regex: the test harness drops its template database
// from a static destructor, when such a regex may already be gone.
bool IsLowerSnake(const std::string& name) {
  if (name.empty() || name.size() > 63 || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

absl::Status CheckName(const std::string& name) {
  if (!IsLowerSnake(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("database name '", name, "' must be lower_snake, at most 63 characters"));
  }
  return absl::OkStatus();
}

// CREATE/DROP DATABASE cannot run inside a transaction block, hence nontransaction.
absl::Status RunOutsideTransaction(const std::string& admin_url, const std::string& context,
                                   const std::function<void(pqxx::nontransaction&)>& body) {
  JOBREC_RETURN_IF_ERROR(CheckConnectionString(admin_url));
  try {
    pqxx::connection connection(admin_url);
    pqxx::nontransaction tx(connection);
    body(tx);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return StatusFromException(e, context);
  }
}

std::string QuoteConninfoValue(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

using ConninfoOptions = std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)>;

absl::StatusOr<ConninfoOptions> ParseConninfo(const std::string& url) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(url.c_str(), &error), PQconninfoFree);
  PQfreemem(error);
  if (options == nullptr) {
    return absl::InvalidArgumentError(
        "the database URL does not parse (expected postgresql://user:password@host:port/db?... or "
        "key=value pairs; check quoting and percent-encoding)");
  }
  return options;
}

}  // namespace

absl::Status CreateDatabaseIfMissing(const std::string& admin_url, const std::string& name) {
  JOBREC_RETURN_IF_ERROR(CheckName(name));
  return RunOutsideTransaction(admin_url, "creating database " + name, [&](pqxx::nontransaction& tx) {
    if (!tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty()) return;
    try {
      tx.exec("CREATE DATABASE " + tx.quote_name(name));
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() != "42P04") throw;  // created by someone else meanwhile: fine
    }
  });
}

absl::Status DropDatabaseIfExists(const std::string& admin_url, const std::string& name) {
  JOBREC_RETURN_IF_ERROR(CheckName(name));
  return RunOutsideTransaction(admin_url, "dropping database " + name, [&](pqxx::nontransaction& tx) {
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
  });
}

absl::Status CheckConnectionString(const std::string& url) { return ParseConninfo(url).status(); }

absl::StatusOr<std::string> WithDatabaseName(const std::string& url, const std::string& name) {
  JOBREC_ASSIGN_OR_RETURN(ConninfoOptions options, ParseConninfo(url));
  std::string out;
  for (PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    std::string keyword = option->keyword;
    if (keyword == "dbname" || option->val == nullptr) continue;
    absl::StrAppend(&out, keyword, "=", QuoteConninfoValue(option->val), " ");
  }
  absl::StrAppend(&out, "dbname=", QuoteConninfoValue(name));
  return out;
}

}  // namespace jobrec::store
