#include "jobrec/store/copy_text.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <pqxx/tablewriter>

namespace jobrec::store {
namespace {

// The bytes a text field cannot carry as they are.
constexpr std::array<bool, 256> SpecialBytes() {
  std::array<bool, 256> special{};
  for (unsigned char c : {'\0', '\\', '\t', '\n', '\r'}) special[c] = true;
  return special;
}
constexpr std::array<bool, 256> kSpecial = SpecialBytes();

// Whether any of the eight bytes of `word` may be special: one below 0x0E (NUL, tab, newline,
// carriage return and a few others) or a backslash. Descriptions are kilobytes with a special
// byte every line or so: most of their words are skipped whole.
bool MayHoldSpecial(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  const uint64_t below_0e = (word - kOnes * 0x0E) & ~word & kHighs;
  const uint64_t backslash = word ^ (kOnes * '\\');
  return (below_0e | ((backslash - kOnes) & ~backslash & kHighs)) != 0;
}

}  // namespace

CopyLine& CopyLine::Text(std::string_view value) {
  Separate();
  text_.reserve(text_.size() + value.size());
  size_t run = 0;  // plain bytes from here are appended whole
  for (size_t i = 0; i < value.size();) {
    if (i + 8 <= value.size()) {
      uint64_t word;
      std::memcpy(&word, value.data() + i, 8);
      if (!MayHoldSpecial(word)) {
        i += 8;
        continue;
      }
    }
    const char c = value[i++];
    if (!kSpecial[static_cast<unsigned char>(c)]) continue;
    text_.append(value.data() + run, i - 1 - run);
    run = i;
    switch (c) {
      case '\\': text_ += "\\\\"; break;
      case '\t': text_ += "\\t"; break;
      case '\n': text_ += "\\n"; break;
      case '\r': text_ += "\\r"; break;
      default: break;  // U+0000: dropped
    }
  }
  text_.append(value.data() + run, value.size() - run);
  return *this;
}

CopyLine& CopyLine::Null() {
  Separate();
  text_ += "\\N";
  return *this;
}

CopyLine& CopyLine::Fields(std::string_view copy_text) {
  Separate();
  text_ += copy_text;
  return *this;
}

// tablewriter is libpqxx 6.4's one public way to send a line as it is (stream_to's is private);
// it is deprecated in favour of stream_to, whose escaping is what this file replaces.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
struct CopyStream::Writer {
  Writer(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns)
      : writer(tx, table, columns.begin(), columns.end()) {}
  pqxx::tablewriter writer;
};

CopyStream::CopyStream(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns)
    : writer_(std::make_unique<Writer>(tx, table, columns)) {}
#pragma GCC diagnostic pop

CopyStream::~CopyStream() = default;

void CopyStream::Write(const std::string& line) { writer_->writer.write_raw_line(line); }

void CopyStream::Complete() { writer_->writer.complete(); }

}  // namespace jobrec::store
