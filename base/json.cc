#include "base/json.h"

#include <cerrno>
#include <cstdlib>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"

namespace weightwalk {

const JsonValue* JsonValue::Find(absl::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const char* JsonValue::TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "a value";
}

class JsonParser {
 public:
  JsonParser(absl::string_view text, absl::string_view path,
             const JsonLimits& limits)
      : text_(text), path_(path), limits_(limits) {}

  absl::StatusOr<JsonValue> Parse() {
    JsonValue value;
    SkipSpace();
    if (!ParseValue(value, 0)) return error_;
    SkipSpace();
    if (at_ < text_.size()) {
      return Error(absl::StrCat("unexpected '", Printable(text_[at_]),
                                "' after the JSON value"));
    }
    return value;
  }

 private:
  absl::Status Error(absl::string_view problem) {
    // Line and column of `at_`, counted only when an error needs them.
    int line = 1, column = 1;
    for (size_t i = 0; i < at_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", line, ":", column, ": ", problem));
  }

  bool Fail(absl::string_view problem) {
    if (error_.ok()) error_ = Error(problem);
    return false;
  }

  static std::string Printable(char c) {
    if (static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) >= 0x7f) {
      return absl::StrCat(
          "\\x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    }
    return std::string(1, c);
  }

  void SkipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' ||
                                  text_[at_] == '\r' || text_[at_] == '\t')) {
      ++at_;
    }
  }

  void MarkPosition(JsonValue& value) {
    // Positions are computed lazily for errors; for values we record the
    // offset cheaply and convert on demand would need the text, so keep
    // line tracking incremental instead.
    while (line_scan_ < at_) {
      if (text_[line_scan_] == '\n') {
        ++line_;
        line_start_ = line_scan_ + 1;
      }
      ++line_scan_;
    }
    value.line_ = line_;
    value.column_ = static_cast<int>(at_ - line_start_) + 1;
  }

  bool Literal(absl::string_view word) {
    if (text_.substr(at_, word.size()) != word) {
      return Fail(at_ < text_.size()
                      ? absl::StrCat("unexpected '", Printable(text_[at_]), "'")
                      : "unexpected end of file");
    }
    at_ += word.size();
    return true;
  }

  bool ParseValue(JsonValue& value, int depth) {
    if (at_ >= text_.size()) return Fail("unexpected end of file");
    MarkPosition(value);
    switch (text_[at_]) {
      case '{':
        return ParseObject(value, depth + 1);
      case '[':
        return ParseArray(value, depth + 1);
      case '"':
        value.type_ = JsonValue::Type::kString;
        return ParseString(value.text_);
      case 't':
        value.type_ = JsonValue::Type::kBool;
        value.boolean_ = true;
        return Literal("true");
      case 'f':
        value.type_ = JsonValue::Type::kBool;
        return Literal("false");
      case 'n':
        value.type_ = JsonValue::Type::kNull;
        return Literal("null");
      default:
        return ParseNumber(value);
    }
  }

  bool ParseObject(JsonValue& value, int depth) {
    if (depth > limits_.max_depth) return Fail("nesting too deep");
    value.type_ = JsonValue::Type::kObject;
    ++at_;
    SkipSpace();
    if (at_ < text_.size() && text_[at_] == '}') {
      ++at_;
      return true;
    }
    absl::flat_hash_map<std::string, int> seen;
    while (true) {
      SkipSpace();
      if (at_ >= text_.size() || text_[at_] != '"') {
        return Fail("expected a string key");
      }
      const size_t key_at = at_;
      std::string key;
      if (!ParseString(key)) return false;
      JsonValue probe;
      const size_t saved = at_;
      at_ = key_at;
      MarkPosition(probe);
      at_ = saved;
      if (const auto [it, inserted] = seen.emplace(key, probe.line_);
          !inserted) {
        at_ = key_at;
        return Fail(absl::StrCat("duplicate key \"", key, "\" (first at line ",
                                 it->second, ")"));
      }
      SkipSpace();
      if (at_ >= text_.size() || text_[at_] != ':') return Fail("expected ':'");
      ++at_;
      SkipSpace();
      value.members_.emplace_back(std::move(key), JsonValue());
      if (!ParseValue(value.members_.back().second, depth)) return false;
      SkipSpace();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == '}') {
        ++at_;
        return true;
      }
      return Fail(at_ < text_.size() ? "expected ',' or '}'"
                                     : "unexpected end of file in an object");
    }
  }

  bool ParseArray(JsonValue& value, int depth) {
    if (depth > limits_.max_depth) return Fail("nesting too deep");
    value.type_ = JsonValue::Type::kArray;
    ++at_;
    SkipSpace();
    if (at_ < text_.size() && text_[at_] == ']') {
      ++at_;
      return true;
    }
    while (true) {
      SkipSpace();
      value.elements_.emplace_back();
      if (!ParseValue(value.elements_.back(), depth)) return false;
      SkipSpace();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == ']') {
        ++at_;
        return true;
      }
      return Fail(at_ < text_.size() ? "expected ',' or ']'"
                                     : "unexpected end of file in an array");
    }
  }

  static void AppendUtf8(uint32_t code, std::string& out) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    }
  }

  bool ParseHex4(uint32_t& code) {
    if (at_ + 4 > text_.size()) return Fail("truncated \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      code <<= 4;
      if (c >= '0' && c <= '9') {
        code |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        code |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        code |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        --at_;
        return Fail("invalid \\u escape");
      }
    }
    return true;
  }

  // Validates one UTF-8 sequence starting at `at_` and copies it.
  bool CopyUtf8(std::string& out) {
    const size_t length = Utf8SequenceLength(text_, at_);
    if (length == 0) return Fail("invalid UTF-8 in a string");
    out.append(text_.data() + at_, length);
    at_ += length;
    return true;
  }

  bool ParseString(std::string& out) {
    ++at_;  // The opening quote.
    while (true) {
      // Copy a run of plain ASCII at once.
      size_t run = at_;
      while (run < text_.size()) {
        const unsigned char c = static_cast<unsigned char>(text_[run]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++run;
      }
      out.append(text_.data() + at_, run - at_);
      at_ = run;
      if (at_ >= text_.size()) return Fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string");
      if (c >= 0x80) {
        if (!CopyUtf8(out)) return false;
        continue;
      }
      // A backslash escape.
      ++at_;
      if (at_ >= text_.size()) return Fail("unterminated string");
      const char escape = text_[at_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out.push_back(escape);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t code = 0;
          if (!ParseHex4(code)) return false;
          if (code >= 0xd800 && code <= 0xdbff) {
            uint32_t low = 0;
            if (text_.substr(at_, 2) != "\\u") {
              return Fail("unpaired UTF-16 surrogate");
            }
            at_ += 2;
            if (!ParseHex4(low)) return false;
            if (low < 0xdc00 || low > 0xdfff) {
              return Fail("unpaired UTF-16 surrogate");
            }
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          } else if (code >= 0xdc00 && code <= 0xdfff) {
            return Fail("unpaired UTF-16 surrogate");
          }
          AppendUtf8(code, out);
          break;
        }
        default:
          --at_;
          return Fail(
              absl::StrCat("invalid escape '\\", Printable(escape), "'"));
      }
    }
  }

  bool ParseNumber(JsonValue& value) {
    const size_t start = at_;
    bool integer = true;
    if (at_ < text_.size() && text_[at_] == '-') ++at_;
    const auto digits = [&]() {
      const size_t begin = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9')
        ++at_;
      return at_ - begin;
    };
    const size_t integer_digits = digits();
    if (integer_digits == 0) {
      at_ = start;
      return Fail(at_ < text_.size()
                      ? absl::StrCat("unexpected '", Printable(text_[at_]), "'")
                      : "unexpected end of file");
    }
    if (integer_digits > 1 && text_[at_ - integer_digits] == '0') {
      at_ = start;
      return Fail("a number may not have leading zeros");
    }
    if (at_ < text_.size() && text_[at_] == '.') {
      integer = false;
      ++at_;
      if (digits() == 0) return Fail("expected digits after '.'");
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      integer = false;
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
      if (digits() == 0) return Fail("expected digits in the exponent");
    }
    value.type_ = JsonValue::Type::kNumber;
    value.text_ = std::string(text_.substr(start, at_ - start));
    value.number_ = std::strtod(value.text_.c_str(), nullptr);
    value.is_integer_ =
        integer && absl::SimpleAtoi(value.text_, &value.integer_);
    return true;
  }

  absl::string_view text_;
  absl::string_view path_;
  JsonLimits limits_;
  size_t at_ = 0;
  absl::Status error_;
  // Incremental line tracking for value positions.
  size_t line_scan_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

absl::StatusOr<JsonValue> ParseJson(absl::string_view text,
                                    absl::string_view path,
                                    const JsonLimits& limits) {
  return JsonParser(text, path, limits).Parse();
}

}  // namespace weightwalk
