#include "tests/support/test_database.h"

#include <unistd.h>

#include <atomic>
#include <mutex>
#include <cstdlib>
#include <random>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "jobrec/store/database_admin.h"
#include "jobrec/store/migrator.h"

namespace jobrec::testing {
namespace {

constexpr char kHowToRun[] =
    " is not set: integration tests need a PostgreSQL server. Run them with `bash scripts/test`, "
    "or by hand: JOBREC_STATE_DIR=/tmp/jobrec-testdb build/jobrec db start && export "
    "JOBREC_TEST_DATABASE_URL=$(JOBREC_STATE_DIR=/tmp/jobrec-testdb build/jobrec db url) && "
    "ctest --test-dir build -L integration";

std::string UniqueName(const char* kind) {
  static std::atomic<int> counter{0};
  thread_local std::mt19937 generator{std::random_device{}()};
  return absl::StrFormat("jobrec_%s_%d_%d_%06x", kind, getpid(), counter++, generator() & 0xffffff);
}

// The embedded migrations are applied once per test process, to a template database that
// each test's database is then copied from: copying is far cheaper than migrating again.
// Dropped when the tests end, as a gtest environment: in a static destructor libpqxx's own
// statics may already be gone.
class MigratedTemplate : public ::testing::Environment {
 public:
  static absl::StatusOr<std::string> Name(const std::string& admin_url) {
    static MigratedTemplate* instance = [] {
      auto* created = new MigratedTemplate();
      ::testing::AddGlobalTestEnvironment(created);  // gtest owns it
      return created;
    }();
    std::lock_guard lock(instance->mutex_);
    if (instance->name_.empty()) {
      std::string name = UniqueName("template");
      JOBREC_RETURN_IF_ERROR(store::CreateDatabaseIfMissing(admin_url, name));
      instance->admin_url_ = admin_url;
      instance->name_ = name;
      JOBREC_ASSIGN_OR_RETURN(std::string url, store::WithDatabaseName(admin_url, name));
      // Its own connections end with this scope: a template must have none while copied.
      JOBREC_ASSIGN_OR_RETURN(auto db, store::Database::Open({.url = url, .pool_size = 1}));
      JOBREC_ASSIGN_OR_RETURN(auto migrator, store::Migrator::Embedded());
      JOBREC_RETURN_IF_ERROR(migrator.Apply(*db).status());
    }
    return instance->name_;
  }

  void TearDown() override {
    std::lock_guard lock(mutex_);
    if (name_.empty()) return;
    absl::Status dropped = store::DropDatabaseIfExists(admin_url_, name_);
    if (!dropped.ok()) ADD_FAILURE() << "could not drop template database " << name_ << ": " << dropped;
    name_.clear();
  }

 private:
  std::mutex mutex_;
  std::string admin_url_;
  std::string name_;
};

absl::Status CreateFromTemplate(const std::string& admin_url, const std::string& name,
                                const std::string& template_name) {
  try {
    pqxx::connection connection(admin_url);
    pqxx::nontransaction tx(connection);
    tx.exec("CREATE DATABASE " + tx.quote_name(name) + " TEMPLATE " + tx.quote_name(template_name));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("creating test database ", name, ": ", e.what()));
  }
}

// Runs `body` on a connection of its own; records a gtest failure naming the SQL on error.
template <typename Body>
void WithConnection(const std::string& url, const std::string& sql, Body body) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    body(tx.exec(sql));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "SQL failed: " << sql << "\n" << e.what();
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(const TestDatabaseOptions& options) {
  const char* admin_url = std::getenv(kTestDatabaseUrlVariable);
  if (admin_url == nullptr || *admin_url == '\0') {
    return absl::FailedPreconditionError(absl::StrCat(kTestDatabaseUrlVariable, kHowToRun));
  }
  std::string name = UniqueName("test");
  JOBREC_ASSIGN_OR_RETURN(std::string url, store::WithDatabaseName(admin_url, name));
  if (options.migrations) {
    JOBREC_RETURN_IF_ERROR(store::CreateDatabaseIfMissing(admin_url, name));
  } else {
    JOBREC_ASSIGN_OR_RETURN(std::string template_name, MigratedTemplate::Name(admin_url));
    JOBREC_RETURN_IF_ERROR(CreateFromTemplate(admin_url, name, template_name));
  }
  std::unique_ptr<TestDatabase> test_db(new TestDatabase(admin_url, name, url));  // drops on error
  JOBREC_ASSIGN_OR_RETURN(test_db->db_, store::Database::Open({.url = url, .pool_size = options.pool_size}));
  if (options.migrations && !options.migrations->empty()) {
    JOBREC_ASSIGN_OR_RETURN(auto migrator, store::Migrator::Create(*options.migrations));
    JOBREC_RETURN_IF_ERROR(migrator.Apply(*test_db->db_).status());
  }
  return test_db;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  absl::Status dropped = store::DropDatabaseIfExists(admin_url_, name_);
  if (!dropped.ok()) ADD_FAILURE() << "could not drop test database " << name_ << ": " << dropped;
}

void TestDatabase::Exec(const std::string& sql) {
  WithConnection(url_, sql, [](const pqxx::result&) {});
}

std::optional<std::string> TestDatabase::QueryValue(const std::string& sql) {
  std::optional<std::string> value;
  WithConnection(url_, sql, [&](const pqxx::result& rows) {
    if (!rows.empty() && !rows[0][0].is_null()) value = rows[0][0].as<std::string>();
  });
  return value;
}

int64_t TestDatabase::QueryInt(const std::string& sql) {
  auto value = QueryValue(sql);
  return value ? std::stoll(*value) : 0;
}

std::vector<std::vector<std::string>> TestDatabase::QueryRows(const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  WithConnection(url_, sql, [&](const pqxx::result& rows) {
    for (const auto& row : rows) {
      std::vector<std::string> values;
      for (const auto& field : row) values.push_back(field.is_null() ? "" : field.as<std::string>());
      out.push_back(std::move(values));
    }
  });
  return out;
}

void DatabaseTest::SetUp() {
  auto created = TestDatabase::Create(DatabaseOptions());
  ASSERT_TRUE(created.ok()) << created.status().message();
  test_db_ = std::move(created).value();
}

}  // namespace jobrec::testing
