#include "base/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "re2/re2.h"

namespace weightwalk {
namespace {

// Records where each document starts and builds nothing: for counting a
// text's documents before loading the first.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;
};

// The YAML document of `text` (nullopt when there is none), or an error
// naming the start of a second one. Never YAML::LoadAll: on a
// document whose first token it cannot start a node with (a top-level
// ","), yaml-cpp 0.7 yields an empty document without consuming the
// token, and LoadAll loops forever; here the parser is asked for two
// documents at most.
absl::StatusOr<std::optional<YAML::Node>> LoadOneDocument(
    const std::string& text, absl::string_view path) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts documents;
  if (parser.HandleNextDocument(documents) &&
      parser.HandleNextDocument(documents) && documents.starts.size() > 1) {
    const YAML::Mark& second = documents.starts[1];
    if (second.pos == documents.starts[0].pos && second.pos >= 0 &&
        static_cast<size_t>(second.pos) < text.size()) {
      // The parser made no progress: nothing it reads starts there.
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", second.line + 1, ":", second.column + 1, ": unexpected \"",
          text.substr(second.pos, 1), "\" where a YAML document starts"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", documents.starts[1].line + 1,
                     ": a second YAML document; a config file holds one"));
  }
  if (documents.starts.empty()) return std::nullopt;
  return YAML::Load(text);
}

// PyYAML's implicit resolvers (yaml/resolver.py), YAML 1.1.
const RE2& BoolPattern() {
  static const auto* const pattern = new RE2(
      "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|"
      "Off|OFF");
  return *pattern;
}

const RE2& IntPattern() {
  static const auto* const pattern = new RE2(
      "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|"
      "[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  return *pattern;
}

const RE2& FloatPattern() {
  static const auto* const pattern = new RE2(
      "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|"
      "\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|"
      "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|"
      "[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
  return *pattern;
}

const RE2& NullPattern() {
  static const auto* const pattern = new RE2("~|null|Null|NULL|");
  return *pattern;
}

const RE2& TimestampPattern() {
  static const auto* const pattern = new RE2(
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|"
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
      "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
      "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  return *pattern;
}

// PyYAML's construct_yaml_int on text the int pattern matched; false when
// the value does not fit int64.
bool ConstructInt(absl::string_view text, int64_t* value) {
  std::string digits = absl::StrReplaceAll(text, {{"_", ""}});
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.erase(0, 1);
  }
  uint64_t magnitude = 0;
  const auto accumulate = [&](absl::string_view body, int base) {
    for (const char c : body) {
      const int digit =
          absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10;
      if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / base) {
        return false;
      }
      magnitude = magnitude * base + digit;
    }
    return true;
  };
  bool fits = true;
  if (digits == "0") {
    magnitude = 0;
  } else if (absl::StartsWith(digits, "0b")) {
    fits = accumulate(absl::string_view(digits).substr(2), 2);
  } else if (absl::StartsWith(digits, "0x")) {
    fits = accumulate(absl::string_view(digits).substr(2), 16);
  } else if (digits[0] == '0') {
    fits = accumulate(absl::string_view(digits).substr(1), 8);
  } else if (digits.find(':') != std::string::npos) {
    for (absl::string_view part : absl::StrSplit(digits, ':')) {
      uint64_t piece = 0;
      if (!absl::SimpleAtoi(part, &piece) ||
          magnitude > (std::numeric_limits<uint64_t>::max() - piece) / 60) {
        return false;
      }
      magnitude = magnitude * 60 + piece;
    }
  } else {
    fits = accumulate(digits, 10);
  }
  const uint64_t limit =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) +
      (negative ? 1 : 0);
  if (!fits || magnitude > limit) return false;
  *value = negative ? static_cast<int64_t>(0 - magnitude)
                    : static_cast<int64_t>(magnitude);
  return true;
}

// PyYAML's construct_yaml_float on text the float pattern matched.
double ConstructFloat(absl::string_view text) {
  std::string digits =
      absl::AsciiStrToLower(absl::StrReplaceAll(text, {{"_", ""}}));
  double sign = 1;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    sign = digits[0] == '-' ? -1 : 1;
    digits.erase(0, 1);
  }
  if (digits == ".inf") return sign * std::numeric_limits<double>::infinity();
  if (digits == ".nan") return std::numeric_limits<double>::quiet_NaN();
  if (digits.find(':') != std::string::npos) {
    double total = 0;
    for (absl::string_view part : absl::StrSplit(digits, ':')) {
      double piece = 0;
      (void)absl::SimpleAtod(part, &piece);
      total = total * 60 + piece;
    }
    return sign * total;
  }
  double value = 0;
  (void)absl::SimpleAtod(digits, &value);
  return sign * value;
}

}  // namespace

// Builds YamlValues from yaml-cpp nodes.
class YamlBuilder {
 public:
  YamlBuilder(absl::string_view path, const YamlLimits& limits)
      : path_(path), limits_(limits) {}

  // Sets `out` as PyYAML reads plain scalar `text`.
  static void Resolve(absl::string_view text, YamlValue* out) {
    out->text_ = std::string(text);
    const re2::StringPiece piece(text.data(), text.size());
    if (RE2::FullMatch(piece, NullPattern())) {
      out->type_ = YamlValue::Type::kNull;
    } else if (RE2::FullMatch(piece, BoolPattern())) {
      out->type_ = YamlValue::Type::kBool;
      const std::string lower = absl::AsciiStrToLower(text);
      out->boolean_ = lower == "yes" || lower == "true" || lower == "on";
    } else if (RE2::FullMatch(piece, IntPattern())) {
      out->type_ = YamlValue::Type::kInt;
      out->fits_int64_ = ConstructInt(text, &out->integer_);
      out->number_ = out->fits_int64_ ? static_cast<double>(out->integer_)
                                      : std::numeric_limits<double>::infinity();
    } else if (RE2::FullMatch(piece, FloatPattern())) {
      out->type_ = YamlValue::Type::kFloat;
      out->number_ = ConstructFloat(text);
    } else if (RE2::FullMatch(piece, TimestampPattern())) {
      out->type_ = YamlValue::Type::kTimestamp;
    } else {
      out->type_ = YamlValue::Type::kString;
    }
  }

  // An empty document, as PyYAML reads it.
  static YamlValue Empty() {
    YamlValue value;
    value.line_ = value.column_ = 1;
    return value;
  }

  absl::StatusOr<YamlValue> Build(const YAML::Node& node, int depth) {
    if (++values_ > limits_.max_values) {
      return Error(node, absl::StrCat("more than ", limits_.max_values,
                                      " values once aliases are expanded"));
    }
    // yaml-cpp's parser bounds nesting, but an alias can make a value its
    // own ancestor.
    if (depth > kMaxDepth) {
      return Error(
          node, absl::StrCat("nested more than ", kMaxDepth, " levels deep"));
    }
    YamlValue value;
    value.line_ = node.Mark().line + 1;
    value.column_ = node.Mark().column + 1;
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        value.type_ = YamlValue::Type::kNull;
        return value;
      case YAML::NodeType::Scalar:
        RETURN_IF_ERROR(Scalar(node, &value));
        return value;
      case YAML::NodeType::Sequence:
        value.type_ = YamlValue::Type::kSequence;
        for (const YAML::Node& element : node) {
          ASSIGN_OR_RETURN(YamlValue built, Build(element, depth + 1));
          value.elements_.push_back(std::move(built));
        }
        return value;
      case YAML::NodeType::Map:
        value.type_ = YamlValue::Type::kMapping;
        value.identity_ = Identity(node);
        RETURN_IF_ERROR(Mapping(node, depth, &value));
        return value;
    }
    return Error(node, "unknown YAML node");
  }

 private:
  static constexpr int kMaxDepth = 256;

  absl::Status Error(const YAML::Node& node, absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", node.Mark().line + 1, ":",
                     node.Mark().column + 1, ": ", problem));
  }

  absl::Status Scalar(const YAML::Node& node, YamlValue* value) {
    const std::string& tag = node.Tag();
    const std::string& text = node.Scalar();
    if (tag == "?") {  // plain: resolved
      Resolve(text, value);
      return absl::OkStatus();
    }
    value->text_ = text;
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {  // quoted, or !!str
      value->type_ = YamlValue::Type::kString;
      return absl::OkStatus();
    }
    // An explicit standard tag constructs that type, as PyYAML does.
    constexpr absl::string_view kStandard = "tag:yaml.org,2002:";
    const absl::string_view wanted =
        absl::StartsWith(tag, kStandard)
            ? absl::string_view(tag).substr(kStandard.size())
            : absl::string_view();
    YamlValue resolved;
    Resolve(text, &resolved);
    const YamlValue::Type type = resolved.type_;
    const bool matches =
        (wanted == "int" && type == YamlValue::Type::kInt) ||
        (wanted == "float" &&
         (type == YamlValue::Type::kFloat || type == YamlValue::Type::kInt)) ||
        (wanted == "bool" && type == YamlValue::Type::kBool) ||
        (wanted == "null" && type == YamlValue::Type::kNull);
    if (!matches) {
      return Error(node, absl::StrCat("cannot read \"", text, "\" as ",
                                      wanted.empty() ? tag : wanted,
                                      " (safe_load reads only the standard "
                                      "str, int, float, bool and null tags "
                                      "here)"));
    }
    *value = std::move(resolved);
    value->line_ = node.Mark().line + 1;
    value->column_ = node.Mark().column + 1;
    if (wanted == "float") {
      value->type_ = YamlValue::Type::kFloat;
    }
    return absl::OkStatus();
  }

  // One number per mapping node: an alias is its anchor's node. Distinct
  // mappings start at distinct places, so only nodes starting at the same
  // place need comparing.
  int Identity(const YAML::Node& node) {
    std::vector<std::pair<YAML::Node, int>>& at =
        mappings_[{node.Mark().line, node.Mark().column}];
    for (const auto& [seen, identity] : at) {
      if (seen.is(node)) return identity;
    }
    at.emplace_back(node, ++last_identity_);
    return last_identity_;
  }

  static bool IsMergeKey(const YAML::Node& key) {
    return key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<";
  }

  // Merge keys first (their entries, in order, unless the mapping has its
  // own), then the mapping's own entries; a key given twice is an error.
  absl::Status Mapping(const YAML::Node& node, int depth, YamlValue* value) {
    std::vector<std::pair<YamlValue, YamlValue>> own;
    std::vector<std::pair<YamlValue, YamlValue>> merged;
    for (const auto& entry : node) {
      if (IsMergeKey(entry.first)) {
        RETURN_IF_ERROR(Merge(entry.second, depth, &merged));
        continue;
      }
      if (!entry.first.IsScalar() && !entry.first.IsNull()) {
        return Error(entry.first,
                     "a key must be a scalar (a list or a mapping cannot be "
                     "a dict key)");
      }
      ASSIGN_OR_RETURN(YamlValue key, Build(entry.first, depth + 1));
      for (const auto& [seen, unused] : own) {
        if (seen.type_ == key.type_ && seen.text_ == key.text_) {
          return Error(entry.first,
                       absl::StrCat("duplicate key ", key.Describe(),
                                    " (first at line ", seen.line_, ")"));
        }
      }
      ASSIGN_OR_RETURN(YamlValue child, Build(entry.second, depth + 1));
      own.emplace_back(std::move(key), std::move(child));
    }
    for (auto& [key, child] : merged) {
      bool overridden = false;
      for (const auto& [seen, unused] : own) {
        overridden =
            overridden || (seen.type_ == key.type_ && seen.text_ == key.text_);
      }
      bool repeated = false;
      for (const auto& [seen, unused] : value->members_) {
        repeated =
            repeated || (seen.type_ == key.type_ && seen.text_ == key.text_);
      }
      if (!overridden && !repeated) {
        value->members_.emplace_back(std::move(key), std::move(child));
      }
    }
    for (auto& entry : own) value->members_.push_back(std::move(entry));
    return absl::OkStatus();
  }

  absl::Status Merge(const YAML::Node& source, int depth,
                     std::vector<std::pair<YamlValue, YamlValue>>* merged) {
    if (source.IsMap()) {
      ASSIGN_OR_RETURN(YamlValue mapping, Build(source, depth + 1));
      for (auto& entry : mapping.members_) merged->push_back(std::move(entry));
      return absl::OkStatus();
    }
    if (source.IsSequence()) {
      for (const YAML::Node& element : source) {
        if (!element.IsMap()) {
          return Error(element,
                       "a merge key (<<) takes a mapping or a list "
                       "of mappings");
        }
        RETURN_IF_ERROR(Merge(element, depth, merged));
      }
      return absl::OkStatus();
    }
    return Error(source,
                 "a merge key (<<) takes a mapping or a list of mappings");
  }

  std::string path_;
  YamlLimits limits_;
  size_t values_ = 0;
  std::map<std::pair<int, int>, std::vector<std::pair<YAML::Node, int>>>
      mappings_;
  int last_identity_ = 0;
};

void ResolvePlainScalar(absl::string_view text, YamlValue* out) {
  YamlBuilder::Resolve(text, out);
}

const YamlValue* YamlValue::Find(absl::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name.type_ == Type::kString && name.text_ == key) return &value;
  }
  return nullptr;
}

const char* YamlValue::TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kInt:
      return "an integer";
    case Type::kFloat:
      return "a float";
    case Type::kString:
      return "a string";
    case Type::kTimestamp:
      return "a timestamp";
    case Type::kSequence:
      return "a list";
    case Type::kMapping:
      return "a mapping";
  }
  return "a value";
}

std::string YamlValue::Describe() const {
  if (type_ == Type::kString) return absl::StrCat("\"", text_, "\"");
  if (type_ == Type::kNull) return "null";
  if (type_ == Type::kSequence) return "a list";
  if (type_ == Type::kMapping) return "a mapping";
  return text_;
}

absl::StatusOr<YamlValue> ParseYaml(absl::string_view text,
                                    absl::string_view path,
                                    const YamlLimits& limits) {
  absl::StatusOr<std::optional<YAML::Node>> document;
  try {
    document = LoadOneDocument(std::string(text), path);
  } catch (const YAML::DeepRecursion& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", error.mark.line + 1, ":", error.mark.column + 1,
                     ": nested too deeply for the YAML reader"));
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", error.mark.line + 1, ":", error.mark.column + 1,
                     ": ", error.msg));
  }
  if (!document.ok()) return document.status();
  YamlBuilder builder(path, limits);
  if (!document->has_value()) return builder.Empty();
  try {
    return builder.Build(**document, 0);
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", error.mark.line + 1, ":", error.mark.column + 1,
                     ": ", error.msg));
  }
}

}  // namespace weightwalk
