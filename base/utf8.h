// UTF-8 well-formedness, shared by the JSON parser and textproto loading.
#ifndef WEIGHTWALK_BASE_UTF8_H_
#define WEIGHTWALK_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace weightwalk {

// The length of the well-formed UTF-8 sequence at `text[at]` (1 to 4), or 0
// when it is not one: a bad lead or continuation byte, a sequence cut off
// by the end, an overlong form, a surrogate, or a code point above
// U+10FFFF.
inline size_t Utf8SequenceLength(absl::string_view text, size_t at) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(at);
  const size_t length = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xe  ? 3
                        : (lead >> 3) == 0x1e ? 4
                                              : 0;
  if (length == 0 || at + length > text.size()) return 0;
  uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(at + i) & 0x3f);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || code > 0x10ffff ||
      (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  return length;
}

// Whether all of `text` is well-formed UTF-8.
inline bool IsValidUtf8(absl::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const size_t length = Utf8SequenceLength(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_UTF8_H_
