#include "jobrec/api/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "jobrec/api/test_http.h"

namespace jobrec::api {
namespace {

constexpr char kSecret[] = "TOP-SECRET-CONTENT";

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() + "/dist";
    dir_.Write("dist/index.html", "<!doctype html><title>jobrec</title>");
    dir_.Write("dist/assets/app-3f2a9c.js", "console.log(1)");
    dir_.Write("dist/assets/app-3f2a9c.css", "body{}");
    dir_.Write("dist/favicon.svg", "<svg/>");
    dir_.Write("dist/.env", kSecret);
    dir_.Write("secret.txt", kSecret);
    std::filesystem::create_symlink(dir_.path() + "/secret.txt", root_ + "/leak.txt");
  }

  Response Get(const std::string& path) const {
    return StaticFiles(root_).Serve(Request{.method = "GET", .path = path});
  }

  testing::TempDir dir_;
  std::string root_;
};

TEST_F(StaticFilesTest, ServesIndexWithoutCaching) {
  Response response = Get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response.Header("Cache-Control"), "no-cache");
  EXPECT_NE(response.body.find("<title>jobrec"), std::string::npos);
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForever) {
  Response js = Get("/assets/app-3f2a9c.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/app-3f2a9c.css").content_type, "text/css; charset=utf-8");
  Response icon = Get("/favicon.svg");
  EXPECT_EQ(icon.content_type, "image/svg+xml");
  EXPECT_EQ(icon.Header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, PagesFallBackToIndex) {
  for (const std::string path : {"/jobs/12", "/profile/", "/settings/account", "/assets"}) {
    Response response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_NE(response.body.find("<title>jobrec"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, MissingAssetIs404NotHtml) {
  Response response = Get("/assets/app-000000.js");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body.find("<title>"), std::string::npos);
}

TEST_F(StaticFilesTest, TraversalNeverReachesOutside) {
  const std::vector<std::string> attempts = {
      "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
        "/assets/..%5c..%5csecret.txt", "//secret.txt", "/./index.html", "/.env", "/leak.txt",
        "/" + dir_.path() + "/secret.txt", "/%2f" + dir_.path().substr(1) + "/secret.txt",
        "/etc/passwd", "/a%00b"};
  for (const std::string& path : attempts) {
    Response response = Get(path);
    EXPECT_EQ(response.body.find(kSecret), std::string::npos) << path;
    EXPECT_EQ(response.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(Get("/.env").status, 404);
}

TEST_F(StaticFilesTest, NotBuiltPageSaysHowToBuild) {
  Response response = StaticFiles(dir_.path() + "/no-such-dir").Serve(Request{.method = "GET", .path = "/"});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  EXPECT_NE(response.body.find("not built"), std::string::npos);
  EXPECT_NE(response.body.find("npm run build"), std::string::npos);
  std::filesystem::remove(root_ + "/index.html");
  EXPECT_EQ(Get("/jobs").status, 503);
  EXPECT_EQ(Get("/assets/app-3f2a9c.js").status, 200);
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeForFile("a/b.WOFF2"), "font/woff2");
  EXPECT_EQ(ContentTypeForFile("x.json"), "application/json");
  EXPECT_EQ(ContentTypeForFile("dir.d/noext"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForFile("a.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace jobrec::api
