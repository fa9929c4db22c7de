#include "checkpoint/json_scanner.h"

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// What String() must find in `text` (which starts with a quote): the
// contents up to the next quote, or nothing when a byte outside the subset
// comes first or no quote closes it.
bool Expected(const std::string& text, std::string* contents) {
  for (size_t i = 1; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      *contents = text.substr(1, i - 1);
      return true;
    }
    if (c < 0x20 || c >= 0x7f || c == '\\') return false;
  }
  return false;
}

// String() on `text` held in a buffer of exactly its size, so that a read
// past its end is a sanitizer report.
bool Scanned(const std::string& text, std::string* contents) {
  std::unique_ptr<char[]> exact(new char[text.size()]);
  std::memcpy(exact.get(), text.data(), text.size());
  PlainJsonScanner json(std::string_view(exact.get(), text.size()));
  std::string_view view;
  if (!json.String(&view)) return false;
  *contents = std::string(view);
  return true;
}

// Strings of every length up to 40, closed or not, followed by nothing or
// by up to 20 more bytes, with each kind of byte outside the subset at
// each place: the 16-byte steps and the byte-by-byte end agree with the
// plain definition wherever the quote and the end of the text fall.
TEST(PlainJsonScannerTest, StringStopsAtTheQuoteOrABadByte) {
  const char kOutside[] = {'\0', '\x1f', '\x7f', '\x80', '\xff', '\\'};
  for (size_t length = 0; length <= 40; ++length) {
    for (size_t after = 0; after <= 20; after += 5) {
      for (const bool closed : {true, false}) {
        std::string text = "\"";
        for (size_t i = 0; i < length; ++i) {
          text.push_back(static_cast<char>('a' + i % 26));
        }
        if (closed) text.push_back('"');
        text.append(after, 'z');
        // Plain, then with each bad byte at each place (before, on or
        // after the closing quote).
        for (size_t at = 0; at <= text.size(); ++at) {
          for (const char bad : kOutside) {
            std::string variant = text;
            if (at > 0 && at < text.size()) variant[at] = bad;
            SCOPED_TRACE(::testing::Message()
                         << "length " << length << " after " << after
                         << " closed " << closed << " bad at " << at);
            std::string expected;
            std::string scanned;
            const bool ok = Expected(variant, &expected);
            ASSERT_EQ(Scanned(variant, &scanned), ok);
            if (ok) {
              EXPECT_EQ(scanned, expected);
            }
            if (at == 0 || at == text.size()) break;  // unchanged text
          }
        }
      }
    }
  }
}

TEST(PlainJsonScannerTest, StringsInSequence) {
  PlainJsonScanner json(
      R"({"model.layers.0.mlp.down_proj.weight": "model-00001-of-00002.safetensors"})");
  std::string_view name;
  std::string_view shard;
  ASSERT_TRUE(json.Consume('{'));
  ASSERT_TRUE(json.String(&name));
  ASSERT_TRUE(json.Consume(':'));
  ASSERT_TRUE(json.String(&shard));
  EXPECT_EQ(name, "model.layers.0.mlp.down_proj.weight");
  EXPECT_EQ(shard, "model-00001-of-00002.safetensors");
  EXPECT_TRUE(json.Consume('}'));
  EXPECT_TRUE(json.AtEnd());
}

}  // namespace
}  // namespace weightwalk
