// PlainJsonScanner: the building blocks of the checkpoint readers' first
// tier, which reads the JSON that transformers and safetensors write
// without building a parse tree.
//
// It reads only a subset of JSON that weightwalk's strict parser
// (base/json.h) reads the same way: strings of printable ASCII
// without escapes, and non-negative integers of at most 18 digits without
// a leading zero, fraction or exponent. Each step returns false on
// anything else, valid JSON or not, and the reader then hands the whole
// text to its next tier. Views point into the scanned text.
#ifndef WEIGHTWALK_CHECKPOINT_JSON_SCANNER_H_
#define WEIGHTWALK_CHECKPOINT_JSON_SCANNER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace weightwalk {

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
    const char* quote = ClosingQuote(start);
    if (quote == nullptr) return false;
    *out = std::string_view(start, static_cast<size_t>(quote - start));
    at_ = quote + 1;
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
  // The quote closing a string whose contents start at `p`, or null when
  // there is none or a byte outside the subset comes first (below 0x20,
  // 0x7f and above, or a backslash), in one pass over the bytes, 16 at a
  // time where 16 are left.
  const char* ClosingQuote(const char* p) const {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i del = _mm_set1_epi8(0x7f);
    const __m128i space = _mm_set1_epi8(0x20);
    for (; end_ - p >= 16; p += 16) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Compared as signed bytes, 0x80-0xff are below 0x20 too.
      const __m128i outside =
          _mm_or_si128(_mm_cmplt_epi8(bytes, space),
                       _mm_or_si128(_mm_cmpeq_epi8(bytes, del),
                                    _mm_cmpeq_epi8(bytes, backslash)));
      const int stops = _mm_movemask_epi8(
          _mm_or_si128(outside, _mm_cmpeq_epi8(bytes, quote)));
      if (stops != 0) {
        const char* stop = p + __builtin_ctz(static_cast<unsigned>(stops));
        return *stop == '"' ? stop : nullptr;
      }
    }
#endif
    for (; p < end_; ++p) {
      const unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"') return p;
      if (c < 0x20 || c >= 0x7f || c == '\\') return nullptr;
    }
    return nullptr;
  }

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
