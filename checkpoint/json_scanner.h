// PlainJsonScanner: the building blocks of the checkpoint readers' first
// tier, which reads the JSON that transformers and safetensors write
// without building a parse tree.
//
// It reads only a subset of JSON that weightwalk's strict parser
// (tools/base/json.h) reads the same way: strings of printable ASCII
// without escapes, and non-negative integers of at most 18 digits without
// a leading zero, fraction or exponent. Each step returns false on
// anything else, valid JSON or not, and the reader then hands the whole
// text to its next tier. Views point into the scanned text.
#ifndef WEIGHTWALK_CHECKPOINT_JSON_SCANNER_H_
#define WEIGHTWALK_CHECKPOINT_JSON_SCANNER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace weightwalk {

// True when every byte in [begin, end) is printable ASCII (0x20-0x7e) and
// not a backslash. Eight bytes at a time: a tensor name is about 60.
inline bool PrintableAsciiWithoutEscapes(const char* begin, const char* end) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHigh = 0x8080808080808080;
  // Some byte of `word` is below n (n <= 0x80; exact when no byte of `word`
  // has its high bit set, which is checked separately).
  const auto has_below = [](uint64_t word, uint64_t n) {
    return (word - kOnes * n) & ~word & kHigh;
  };
  const auto has_byte = [&](uint64_t word, uint64_t byte) {
    return has_below(word ^ (kOnes * byte), 1);
  };
  for (; end - begin >= 8; begin += 8) {
    uint64_t word;
    std::memcpy(&word, begin, 8);
    if ((word & kHigh) | has_below(word, 0x20) | has_byte(word, 0x7f) |
        has_byte(word, '\\')) {
      return false;
    }
  }
  for (; begin < end; ++begin) {
    if (*begin < 0x20 || *begin >= 0x7f || *begin == '\\') return false;
  }
  return true;
}

class PlainJsonScanner {
 public:
  explicit PlainJsonScanner(std::string_view text)
      : at_(text.data()), end_(text.data() + text.size()) {}

  // Skips JSON whitespace, then consumes `c` if it is next.
  bool Consume(char c) {
    SkipSpace();
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }

  // A string in the subset, as a view of its contents.
  bool String(std::string_view* out) {
    if (!Consume('"')) return false;
    const char* start = at_;
    const void* quote =
        std::memchr(start, '"', static_cast<size_t>(end_ - start));
    if (quote == nullptr) return false;
    at_ = static_cast<const char*>(quote);
    if (!PrintableAsciiWithoutEscapes(start, at_)) return false;
    *out = std::string_view(start, static_cast<size_t>(at_ - start));
    ++at_;
    return true;
  }

  // An integer in the subset (below 10^18, so it fits an int64).
  bool Integer(uint64_t* value) {
    SkipSpace();
    const char* start = at_;
    uint64_t number = 0;
    while (at_ < end_ && *at_ >= '0' && *at_ <= '9') {
      number = number * 10 + static_cast<uint64_t>(*at_ - '0');
      if (++at_ - start > 18) return false;
    }
    const ptrdiff_t digits = at_ - start;
    if (digits == 0 || (digits > 1 && *start == '0') ||
        (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E'))) {
      return false;
    }
    *value = number;
    return true;
  }

  // A string or an integer in the subset (`integers`: may it be one?).
  bool Scalar(bool integers) {
    SkipSpace();
    std::string_view text;
    uint64_t number;
    if (at_ != end_ && *at_ == '"') return String(&text);
    return integers && Integer(&number);
  }

  // {"key": scalar, ...} with at most 32 keys, each once.
  bool FlatObject(bool integers) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    std::vector<std::string_view> keys;
    do {
      std::string_view key;
      if (!String(&key) || !Consume(':') || keys.size() == 32 ||
          std::find(keys.begin(), keys.end(), key) != keys.end() ||
          !Scalar(integers)) {
        return false;
      }
      keys.push_back(key);
    } while (Consume(','));
    return Consume('}');
  }

  // Nothing but whitespace is left.
  bool AtEnd() {
    SkipSpace();
    return at_ == end_;
  }

 private:
  void SkipSpace() {
    while (at_ < end_ &&
           (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) {
      ++at_;
    }
  }

  const char* at_;
  const char* end_;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_JSON_SCANNER_H_
