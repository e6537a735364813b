#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "jobrec/auth/email.h"
#include "jobrec/auth/password.h"
#include "jobrec/auth/token.h"

namespace jobrec::auth {
namespace {

TEST(PasswordTest, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", *hash));
  EXPECT_NE(*hash, *HashPassword("correct horse battery")) << "salted";
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$garbage"));
  EXPECT_FALSE(VerifyPassword("x", "plaintext"));
  EXPECT_FALSE(VerifyPassword("anything", DummyPasswordHash()));
}

TEST(PasswordPolicyTest, RejectsWeakPasswordsNamingTheField) {
  for (const std::string& weak : std::vector<std::string>{"short", "123456789", "password123", "Password123", "qwertyuiop",
                                 "aaaaaaaaaaaa", "abababababab", "abcdefghijklm", "9876543210",
                                 std::string(300, 'x') + "y"}) {
    auto st = CheckPasswordPolicy(weak, "alice@example.org");
    EXPECT_FALSE(st.ok()) << weak;
    EXPECT_EQ(common::FieldOf(st), "password") << weak;
  }
  EXPECT_FALSE(CheckPasswordPolicy("my-alice.smith-pass", "alice.smith@example.org").ok());
  EXPECT_TRUE(CheckPasswordPolicy("tangerine-orbit-42", "alice@example.org").ok());
  // Ten characters counted as characters, not bytes.
  EXPECT_TRUE(CheckPasswordPolicy("éléphant-rose", "bob@example.org").ok());
  EXPECT_FALSE(CheckPasswordPolicy("ééééééééé", "bob@example.org").ok());
}

TEST(TokenTest, TokensAreLongRandomAndHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string token = NewToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_TRUE(seen.insert(token).second);
  }
  std::string token = NewToken();
  EXPECT_EQ(HashToken(token).size(), 64u);
  EXPECT_EQ(HashToken(token), HashToken(token));
  EXPECT_NE(HashToken(token), HashToken(NewToken()));
  // SHA-256("abc")
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(EmailTest, NormalisesDomainAndTrims) {
  EXPECT_EQ(*NormalizeEmail("  Alice.Smith@Example.ORG "), "Alice.Smith@example.org");
  for (const std::string& bad : std::vector<std::string>{"", "alice", "@example.org", "alice@", "alice@example", "alice@.org",
                                "alice@example.", "al ice@example.org", "alice@exa..mple.org",
                                std::string(250, 'a') + "@example.org", "a\x01@example.org"}) {
    auto st = NormalizeEmail(bad);
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_EQ(common::FieldOf(st.status()), "email");
  }
}

}  // namespace
}  // namespace jobrec::auth
