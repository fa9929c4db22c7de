// A strict JSON reader for the files weightwalk reads from checkpoints:
// config.json, weight-map indexes and safetensors headers.
//
// Strict means: duplicate object keys are an error (not last-one-wins),
// strings must be valid UTF-8, nesting is bounded, nothing may follow the
// top-level value, and numbers keep their text so integers are exact. Every
// error names the file, the line and the column:
//
//   "hf/model.safetensors.index.json:2:1: unexpected '=' after the JSON value"
//
//   ASSIGN_OR_RETURN(JsonValue config, ParseJson(text, "config.json"));
//   const JsonValue* vocab = config.Find("vocab_size");
//
// Objects keep their members in file order.
#ifndef WEIGHTWALK_BASE_JSON_H_
#define WEIGHTWALK_BASE_JSON_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weightwalk {

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_object() const { return type_ == Type::kObject; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_bool() const { return type_ == Type::kBool; }

  bool boolean() const { return boolean_; }
  // A string's value, or a number's text as written.
  const std::string& text() const { return text_; }
  double number() const { return number_; }
  // Whether a number is an integer that fits int64 (no fraction, exponent).
  bool is_integer() const { return is_integer_; }
  int64_t integer() const { return integer_; }

  const std::vector<JsonValue>& elements() const { return elements_; }
  const std::vector<std::pair<std::string, JsonValue>>& members() const {
    return members_;
  }
  // The member called `key`, or null (also when this is not an object).
  const JsonValue* Find(absl::string_view key) const;

  // Where the value starts, from 1.
  int line() const { return line_; }
  int column() const { return column_; }

  // "null", "a boolean", "a number", "a string", "an array", "an object".
  static const char* TypeName(Type type);

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  bool boolean_ = false;
  double number_ = 0;
  bool is_integer_ = false;
  int64_t integer_ = 0;
  std::string text_;
  std::vector<JsonValue> elements_;
  std::vector<std::pair<std::string, JsonValue>> members_;
  int line_ = 0;
  int column_ = 0;
};

struct JsonLimits {
  // Deepest nesting of arrays and objects.
  int max_depth = 64;
};

// Parses `text`; `path` is used only in error messages.
absl::StatusOr<JsonValue> ParseJson(absl::string_view text,
                                    absl::string_view path,
                                    const JsonLimits& limits = {});

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_JSON_H_
