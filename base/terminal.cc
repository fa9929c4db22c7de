#include "base/terminal.h"

#include <cstdint>

#include "absl/strings/str_format.h"
#include "base/utf8.h"

namespace weightwalk {
namespace {

// A decoded code point a terminal may act on: C1 controls, and the bidi
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
bool IsDangerousCodePoint(uint32_t code) {
  return (code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) ||
         (code >= 0x2066 && code <= 0x2069);
}

uint32_t Decode(absl::string_view text, size_t at, size_t length) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[at + i]);
  };
  if (length == 1) return byte(0);
  uint32_t code = byte(0) & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) code = (code << 6) | (byte(i) & 0x3f);
  return code;
}

}  // namespace

std::string EscapeForTerminal(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[at]);
    const size_t length = Utf8SequenceLength(text, at);
    if (length == 0) {
      absl::StrAppendFormat(&out, "\\x%02x", c);
      ++at;
      continue;
    }
    if (length == 1) {
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c < 0x20 || c == 0x7f) {
        absl::StrAppendFormat(&out, "\\x%02x", c);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++at;
      continue;
    }
    const uint32_t code = Decode(text, at, length);
    if (IsDangerousCodePoint(code)) {
      absl::StrAppendFormat(&out, "\\u%04x", code);
    } else {
      out.append(text.data() + at, length);
    }
    at += length;
  }
  return out;
}

std::string EscapeLinesForTerminal(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0;;) {
    const size_t end = text.find('\n', at);
    out += EscapeForTerminal(text.substr(at, end - at));
    if (end == absl::string_view::npos) break;
    out += '\n';
    at = end + 1;
  }
  return out;
}

void WriteAll(std::FILE* file, absl::string_view text) {
  std::fwrite(text.data(), 1, text.size(), file);
}

}  // namespace weightwalk
