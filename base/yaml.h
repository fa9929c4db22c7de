// A YAML document as PyYAML's `yaml.safe_load` reads it, for Fast-LLM
// config files.
//
// Fast-LLM loads every config file, JSON included, with `yaml.safe_load`,
// which resolves plain scalars by YAML 1.1's rules: `yes`, `on` and `off`
// are booleans, `0o17`-less `017` is octal, `1_000` is an integer, and a
// float needs a dot (`1e-5` and `1.0e5` are strings, `1.0e-5` is a float).
// This reader parses with yaml-cpp and then resolves every scalar exactly
// so, and applies merge keys (`<<: *defaults`) as PyYAML does: the merged
// entries first, then the mapping's own, which override them.
//
// Stricter than PyYAML where PyYAML silently picks one of two readings: a
// key given twice in one mapping is an error, not last-one-wins. Every
// error names the file, the line and the column:
//
//   ASSIGN_OR_RETURN(YamlValue config, ParseYaml(text, "model.yaml"));
//   const YamlValue* model = config.Find("model");
//
// Bounded whatever the input: nesting (yaml-cpp's own guard, about 250
// levels) and the number of values after aliases are expanded (a billion
// laughs is an error, not a hang).
#ifndef WEIGHTWALK_BASE_YAML_H_
#define WEIGHTWALK_BASE_YAML_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weightwalk {

class YamlValue {
 public:
  // What PyYAML constructs: None, bool, int, float, str, datetime or date,
  // list, dict.
  enum class Type {
    kNull,
    kBool,
    kInt,
    kFloat,
    kString,
    kTimestamp,
    kSequence,
    kMapping
  };

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_mapping() const { return type_ == Type::kMapping; }
  bool is_sequence() const { return type_ == Type::kSequence; }
  bool is_string() const { return type_ == Type::kString; }

  bool boolean() const { return boolean_; }
  // An integer's value, when it fits int64 (Python's int has no bound, so
  // a larger one is still an integer, e.g. a seed).
  bool fits_int64() const { return fits_int64_; }
  int64_t integer() const { return integer_; }
  // A float's value (an integer's too, as Fast-LLM accepts ints for
  // floats).
  double number() const { return number_; }
  // A string's value; for other scalars, the text as written.
  const std::string& text() const { return text_; }

  const std::vector<YamlValue>& elements() const { return elements_; }
  // In PyYAML's dict order: merged entries first, then the mapping's own.
  const std::vector<std::pair<YamlValue, YamlValue>>& members() const {
    return members_;
  }
  // The member whose key is the string `key`, or null.
  const YamlValue* Find(absl::string_view key) const;

  // Where the value starts, from 1.
  int line() const { return line_; }
  int column() const { return column_; }

  // For a mapping: which mapping of the document it is. Aliases of one
  // anchored mapping share it (PyYAML gives them one dict object), distinct
  // mappings never do.
  int identity() const { return identity_; }

  // "null", "a boolean", "an integer", "a float", "a string",
  // "a timestamp", "a list", "a mapping".
  static const char* TypeName(Type type);
  // `text()` of a scalar for messages, quoted when it is a string.
  std::string Describe() const;

 private:
  friend class YamlBuilder;
  Type type_ = Type::kNull;
  bool boolean_ = false;
  bool fits_int64_ = true;
  int64_t integer_ = 0;
  double number_ = 0;
  std::string text_;
  std::vector<YamlValue> elements_;
  std::vector<std::pair<YamlValue, YamlValue>> members_;
  int line_ = 0;
  int column_ = 0;
  int identity_ = 0;
};

struct YamlLimits {
  // Values in the document once aliases are expanded.
  size_t max_values = 1 << 20;
};

// Parses one YAML document; `path` is used only in error messages. An
// empty document is null, as PyYAML reads it; a stream of several
// documents is an error, as safe_load makes it.
absl::StatusOr<YamlValue> ParseYaml(absl::string_view text,
                                    absl::string_view path,
                                    const YamlLimits& limits = {});

// Sets `out` to how PyYAML's resolver reads plain scalar `text`. Exposed
// for tests.
void ResolvePlainScalar(absl::string_view text, YamlValue* out);

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_YAML_H_
