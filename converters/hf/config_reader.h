// Reading config.json values with errors that name the file, the line and
// the key, shared by the format config converters.
#ifndef WEIGHTWALK_CONVERTERS_HF_CONFIG_READER_H_
#define WEIGHTWALK_CONVERTERS_HF_CONFIG_READER_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "model/model_config.pb.h"
#include "model/resolve.h"

namespace weightwalk {

// Typed access to one JSON object of a config file. A key that is null is
// treated as missing (Fast-LLM's import defaults apply to both).
class ConfigReader {
 public:
  ConfigReader(const JsonValue& config, absl::string_view path)
      : config_(config), path_(path) {}

  absl::Status Error(const JsonValue& at, absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", at.line(), ":", at.column(), ": ", problem));
  }

  // A present, non-null key.
  const JsonValue* Get(absl::string_view key) const {
    const JsonValue* value = config_.Find(key);
    return value == nullptr || value->is_null() ? nullptr : value;
  }

  absl::StatusOr<int64_t> PositiveInt(absl::string_view key,
                                      const int64_t* fallback = nullptr) const {
    const JsonValue* value = Get(key);
    if (value == nullptr) {
      if (fallback != nullptr) return *fallback;
      return Error(config_, absl::StrCat("the config has no \"", key, "\""));
    }
    if (!value->is_number() || !value->is_integer() || value->integer() <= 0) {
      return Error(
          *value, absl::StrCat("\"", key, "\" must be a positive integer, got ",
                               value->is_string() ? "\"" + value->text() + "\""
                               : value->text().empty()
                                   ? JsonValue::TypeName(value->type())
                                   : value->text()));
    }
    if (value->integer() > kMaxModelInteger) {
      return Error(*value,
                   absl::StrCat("\"", key, "\" is ", value->integer(),
                                ", over weightwalk's limit of ",
                                kMaxModelInteger, " for any size or count"));
    }
    return value->integer();
  }

  absl::StatusOr<double> Number(absl::string_view key, double fallback) const {
    const JsonValue* value = Get(key);
    if (value == nullptr) return fallback;
    if (!value->is_number()) {
      return Error(*value, absl::StrCat("\"", key, "\" must be a number, got ",
                                        JsonValue::TypeName(value->type())));
    }
    return value->number();
  }

  absl::StatusOr<bool> Bool(absl::string_view key, bool fallback) const {
    const JsonValue* value = Get(key);
    if (value == nullptr) return fallback;
    if (!value->is_bool()) {
      return Error(*value,
                   absl::StrCat("\"", key, "\" must be true or false, got ",
                                JsonValue::TypeName(value->type())));
    }
    return value->boolean();
  }

  absl::StatusOr<std::string> String(absl::string_view key,
                                     absl::string_view fallback) const {
    const JsonValue* value = Get(key);
    if (value == nullptr) return std::string(fallback);
    if (!value->is_string()) {
      return Error(*value, absl::StrCat("\"", key, "\" must be a string, got ",
                                        JsonValue::TypeName(value->type())));
    }
    return value->text();
  }

  const JsonValue& config() const { return config_; }

 private:
  const JsonValue& config_;
  std::string path_;
};

// Fails export: the model has `field` set in a way `format` cannot write.
inline absl::Status CannotExport(absl::string_view format,
                                 absl::string_view field,
                                 absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("the ", format, " format cannot export this model: ", field,
                   ": ", problem));
}

// An activation key (`hidden_act` by default) in Hugging Face's names.
inline absl::StatusOr<Activation> ImportActivation(
    const ConfigReader& reader, absl::string_view key = "hidden_act",
    absl::string_view fallback = "silu") {
  ASSIGN_OR_RETURN(const std::string name, reader.String(key, fallback));
  static const auto* const names = new std::map<std::string, Activation>{
      {"silu", SILU},        {"gelu_pytorch_tanh", GELU}, {"gelu", GELU},
      {"relu", RELU},        {"relu2", SQUARED_RELU},     {"sigmoid", SIGMOID},
      {"identity", IDENTITY}};
  const auto it = names->find(name);
  if (it == names->end()) {
    return reader.Error(*reader.config().Find(key),
                        absl::StrCat("unsupported \"", key, "\" \"", name,
                                     "\"; Fast-LLM knows silu, gelu, "
                                     "gelu_pytorch_tanh, relu, relu2, sigmoid, "
                                     "identity"));
  }
  return it->second;
}

inline const char* HfActivationName(Activation activation) {
  switch (activation) {
    case SILU:
      return "silu";
    case GELU:
      return "gelu_pytorch_tanh";
    case RELU:
      return "relu";
    case SQUARED_RELU:
      return "relu2";
    case SIGMOID:
      return "sigmoid";
    case IDENTITY:
      return "identity";
    default:
      return "";
  }
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_HF_CONFIG_READER_H_
