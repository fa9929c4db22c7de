#include "model/fastllm_config.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/edit_distance.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "base/yaml.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "model/fastllm_schema.h"

namespace weightwalk {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumValueDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;

// Fast-LLM's `type:` names for Fast-LLM's own checkpoint formats and the
// auto-detecting one, which name no Hugging Face format.
bool IsFastLlmNativeFormat(absl::string_view format) {
  return format == "fast_llm" || format == "distributed" || format == "auto";
}

// Proto enum values whose name is not the Fast-LLM value upper-cased.
const EnumValueDescriptor* EnumValueFor(const FieldDescriptor& field,
                                        absl::string_view value) {
  if (field.name() == "routing" && value == "aux_loss") {
    return field.enum_type()->FindValueByName("TOPK");
  }
  return field.enum_type()->FindValueByName(absl::AsciiStrToUpper(value));
}

// Reads one config file against the schema into a ModelConfig.
class Reader {
 public:
  Reader(absl::string_view path, const FastLlmSchema& schema)
      : path_(path), schema_(schema) {}

  absl::Status Error(const YamlValue& at, absl::string_view key_path,
                     absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", at.line(), ":", at.column(), ": ", key_path,
                     key_path.empty() ? "" : ": ", problem));
  }

  // A value of config class `declared` (or the subclass its `type:`
  // selects) at `key_path`, into `target` when it is not null.
  //
  // As Config._from_dict does, fields are read in the class's declaration
  // order, and each is popped from its mapping as it is read: a mapping
  // read twice (YAML aliases, which PyYAML makes one dict) gives the second
  // reader only what the first left, and the rest takes defaults.
  absl::Status ReadConfig(const YamlValue& value, const std::string& declared,
                          const std::string& key_path, Message* target) {
    if (!value.is_mapping()) {
      return Error(value, key_path,
                   absl::StrCat("expected a mapping (", declared, "), got ",
                                YamlValue::TypeName(value.type())));
    }
    std::set<std::string>& popped = popped_[value.identity()];
    auto [first_reader, first_use] =
        first_readers_.emplace(value.identity(), key_path);
    if (!first_use) WarnAliased(value, key_path, first_reader->second, popped);
    ASSIGN_OR_RETURN(const ConfigClass* config_class,
                     SelectClass(value, declared, key_path, popped));
    if (config_class->name == "LoRAConfig") {
      return Error(value, key_path,
                   "weightwalk does not model LoRA's parameters (lora_0 and "
                   "lora_1 beside each adapted layer); check the model "
                   "without peft");
    }
    if (target != nullptr && target->GetDescriptor()->name() == "MixerConfig") {
      // The proto holds a mixer's fields under its type's oneof member.
      const FieldDescriptor* member = target->GetDescriptor()->FindFieldByName(
          config_class->dynamic_type_name);
      if (member == nullptr) {
        return Error(value, key_path,
                     absl::StrCat("weightwalk does not model mixer type ",
                                  config_class->dynamic_type_name));
      }
      target = target->GetReflection()->MutableMessage(target, member);
    }
    for (const auto& [key, member] : value.members()) {
      if (!key.is_string()) {
        return Error(key, key_path,
                     absl::StrCat("a key must be a string, not ",
                                  YamlValue::TypeName(key.type())));
      }
      if (popped.count(key.text()) == 0 &&
          config_class->Find(key.text()) == nullptr) {
        if (IsDroppedByFastLlm(*config_class, key.text(), member)) {
          popped.insert(key.text());
          continue;
        }
        return UnknownKey(key, Join(key_path, key.text()), *config_class);
      }
    }
    for (const ConfigField& field : config_class->fields) {
      const YamlValue* member = value.Find(field.name);
      if (member == nullptr || !popped.insert(field.name).second) continue;
      if (field.name == "type") continue;  // read by SelectClass
      const FieldDescriptor* proto_field =
          target == nullptr
              ? nullptr
              : target->GetDescriptor()->FindFieldByName(field.name);
      RETURN_IF_ERROR(ReadField(*member, field, Join(key_path, field.name),
                                target, proto_field));
    }
    if (target != nullptr && !config_class->dynamic_type_name.empty()) {
      const FieldDescriptor* type_field =
          target->GetDescriptor()->FindFieldByName("type");
      if (type_field != nullptr &&
          type_field->type() == FieldDescriptor::TYPE_ENUM) {
        const EnumValueDescriptor* enum_value =
            EnumValueFor(*type_field, config_class->dynamic_type_name);
        if (enum_value == nullptr) {
          return Error(
              value, key_path,
              absl::StrCat("weightwalk does not model ", config_class->name,
                           " (type ", config_class->dynamic_type_name, ")"));
        }
        target->GetReflection()->SetEnum(target, type_field, enum_value);
      }
    }
    return absl::OkStatus();
  }

  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  // Config._from_dict: `type:` names a subclass of the declared class;
  // without one, the declared class's default subclass.
  absl::StatusOr<const ConfigClass*> SelectClass(
      const YamlValue& value, const std::string& declared,
      const std::string& key_path, const std::set<std::string>& popped) {
    const ConfigClass* declared_class = schema_.Find(declared);
    if (declared_class == nullptr) {
      return Error(value, key_path, absl::StrCat("no schema for ", declared));
    }
    std::string name = declared_class->default_subclass;
    if (const YamlValue* type = value.Find("type");
        type != nullptr && !type->is_null() && popped.count("type") == 0) {
      if (!type->is_string()) {
        return Error(*type, absl::StrCat(key_path, ".type"),
                     absl::StrCat("expected a type name, got ",
                                  YamlValue::TypeName(type->type())));
      }
      std::string type_name = type->text();
      // MixerConfig._from_dict: the deprecated name of Mamba.
      if (declared == "MixerConfig" && type_name == "mamba_2") {
        type_name = "mamba";
      }
      const auto it = declared_class->subclasses.find(type_name);
      if (it == declared_class->subclasses.end()) {
        std::vector<std::string> known;
        for (const auto& [known_name, unused] : declared_class->subclasses) {
          known.push_back(known_name);
        }
        const std::vector<std::string> near =
            NearestByEditDistance(type_name, known, 3);
        return Error(
            *type, absl::StrCat(key_path, ".type"),
            absl::StrCat(
                "unknown type \"", type_name, "\" for ", declared,
                known.empty()
                    ? " (it has no subtypes)"
                    : absl::StrCat("; known: ", absl::StrJoin(known, ", ")),
                near.empty()
                    ? ""
                    : absl::StrCat("; did you mean ", near.front(), "?")));
      }
      name = it->second;
    }
    const ConfigClass* config_class = schema_.Find(name);
    if (config_class == nullptr || config_class->abstract) {
      return Error(value, key_path,
                   absl::StrCat(name, " is abstract: give a type"));
    }
    return config_class;
  }

  static std::string Join(const std::string& key_path, absl::string_view key) {
    return key_path.empty() ? std::string(key)
                            : absl::StrCat(key_path, ".", key);
  }

  void WarnAliased(const YamlValue& value, const std::string& key_path,
                   const std::string& first_path,
                   const std::set<std::string>& popped) {
    std::vector<std::string> left;
    for (const auto& [key, unused] : value.members()) {
      if (key.is_string() && popped.count(key.text()) == 0) {
        left.push_back(key.text());
      }
    }
    warnings_.push_back(absl::StrCat(
        path_, ":", value.line(), ":", value.column(), ": ", key_path,
        ": the mapping here is also ", first_path,
        " (a YAML alias: one dict to Fast-LLM, which empties a config's "
        "mapping as it reads it), so Fast-LLM reads ",
        left.empty() ? "nothing of it"
                     : absl::StrCat("only ", absl::StrJoin(left, ", ")),
        " here and gives the rest its defaults. weightwalk builds the same "
        "model; to share settings, repeat them instead of aliasing."));
  }

  // Keys Fast-LLM's own _from_dict drops before validating.
  static bool IsDroppedByFastLlm(const ConfigClass& config_class,
                                 absl::string_view key,
                                 const YamlValue& value) {
    // PatternBlockSequenceConfig drops a stray `block` with a warning.
    if (config_class.name == "PatternBlockSequenceConfig" && key == "block") {
      return true;
    }
    // DefaultRotaryConfig and its subclasses accept complex_format: false.
    return key == "complex_format" && config_class.Find("theta") != nullptr &&
           value.type() == YamlValue::Type::kBool && !value.boolean();
  }

  absl::Status UnknownKey(const YamlValue& key, const std::string& key_path,
                          const ConfigClass& config_class) const {
    const std::vector<std::string> near =
        NearestByEditDistance(key.text(), config_class.FieldNames(), 3);
    return Error(
        key, key_path,
        absl::StrCat(
            "unknown key of ", config_class.name,
            near.empty()
                ? absl::StrCat("; its keys: ",
                               absl::StrJoin(config_class.FieldNames(), ", "))
                : absl::StrCat("; did you mean ", near.front(), "?")));
  }

  absl::Status ReadField(const YamlValue& value, const ConfigField& field,
                         const std::string& key_path, Message* target,
                         const FieldDescriptor* proto_field) {
    if (value.is_null() && field.default_none) return absl::OkStatus();
    return ReadValue(value, field.type, key_path, target, proto_field);
  }

  // `value` of type `type`, into `target`'s `proto_field` when both are set.
  absl::Status ReadValue(const YamlValue& value, const ConfigType& type,
                         const std::string& key_path, Message* target,
                         const FieldDescriptor* proto_field) {
    using Kind = ConfigType::Kind;
    if (proto_field == nullptr) target = nullptr;
    const auto wrong = [&]() {
      return Error(value, key_path,
                   absl::StrCat("expected ", type.Describe(), ", got ",
                                Describe(value), Hint(value, type)));
    };
    switch (type.kind) {
      case Kind::kAny:
        return absl::OkStatus();
      case Kind::kNone:
        // NoneType accepts "" as None (Config._validate_element).
        if (value.is_null() || (value.is_string() && value.text().empty())) {
          return absl::OkStatus();
        }
        return wrong();
      case Kind::kUnion:
        return ReadUnion(value, type, key_path, target, proto_field);
      case Kind::kInt:
        if (value.type() != YamlValue::Type::kInt) return wrong();
        if (target != nullptr && !value.fits_int64()) {
          return Error(value, key_path,
                       absl::StrCat("the integer ", value.text(),
                                    " does not fit in 64 bits"));
        }
        if (target != nullptr) {
          target->GetReflection()->SetInt64(target, proto_field,
                                            value.integer());
        }
        return absl::OkStatus();
      case Kind::kFloat:
        if (value.type() != YamlValue::Type::kInt &&
            value.type() != YamlValue::Type::kFloat) {
          return wrong();
        }
        if (target != nullptr) {
          target->GetReflection()->SetDouble(target, proto_field,
                                             value.number());
        }
        return absl::OkStatus();
      case Kind::kBool:
        if (value.type() != YamlValue::Type::kBool) return wrong();
        if (target != nullptr) {
          target->GetReflection()->SetBool(target, proto_field,
                                           value.boolean());
        }
        return absl::OkStatus();
      case Kind::kString:
      case Kind::kPath:
      case Kind::kSubclassOf:
        if (!value.is_string()) return wrong();
        if (target != nullptr) {
          target->GetReflection()->SetString(target, proto_field, value.text());
        }
        return absl::OkStatus();
      case Kind::kEnum:
        return ReadEnum(value, type, key_path, target, proto_field);
      case Kind::kConfig:
        return ReadConfig(
            value, type.name, key_path,
            target == nullptr
                ? nullptr
                : target->GetReflection()->MutableMessage(target, proto_field));
      case Kind::kList:
      case Kind::kTuple:
        return ReadList(value, type, key_path, target, proto_field);
      case Kind::kDict:
        return ReadDict(value, type, key_path, target, proto_field);
    }
    return wrong();
  }

  // Whether `value` has the shape `type` takes, without looking inside:
  // enough to choose among the alternatives of the unions Fast-LLM's
  // config classes use (`X | None`, `float | bool | None`), and it reads
  // nothing, so no mapping is popped by a trial.
  static bool ShapeMatches(const YamlValue& value, const ConfigType& type) {
    using Kind = ConfigType::Kind;
    using Type = YamlValue::Type;
    switch (type.kind) {
      case Kind::kNone:
        return value.is_null() || (value.is_string() && value.text().empty());
      case Kind::kAny:
        return true;
      case Kind::kInt:
        return value.type() == Type::kInt;
      case Kind::kFloat:
        return value.type() == Type::kInt || value.type() == Type::kFloat;
      case Kind::kBool:
        return value.type() == Type::kBool;
      case Kind::kString:
      case Kind::kPath:
      case Kind::kSubclassOf:
      case Kind::kEnum:
        return value.is_string();
      case Kind::kConfig:
      case Kind::kDict:
        return value.is_mapping();
      case Kind::kList:
      case Kind::kTuple:
        return value.is_sequence();
      case Kind::kUnion:
        return std::any_of(
            type.args.begin(), type.args.end(),
            [&](const ConfigType& arg) { return ShapeMatches(value, arg); });
    }
    return false;
  }

  absl::Status ReadUnion(const YamlValue& value, const ConfigType& type,
                         const std::string& key_path, Message* target,
                         const FieldDescriptor* proto_field) {
    // Fast-LLM takes the first alternative that validates.
    for (const ConfigType& alternative : type.args) {
      if (!ShapeMatches(value, alternative)) continue;
      if (alternative.kind == ConfigType::Kind::kNone) return absl::OkStatus();
      return ReadValue(value, alternative, key_path, target, proto_field);
    }
    return Error(value, key_path,
                 absl::StrCat("expected ", type.Describe(), ", got ",
                              Describe(value), Hint(value, type)));
  }

  absl::Status ReadEnum(const YamlValue& value, const ConfigType& type,
                        const std::string& key_path, Message* target,
                        const FieldDescriptor* proto_field) {
    const bool known =
        value.is_string() && std::find(type.values.begin(), type.values.end(),
                                       value.text()) != type.values.end();
    if (!known) {
      const std::vector<std::string> near =
          value.is_string()
              ? NearestByEditDistance(value.text(), type.values, 3)
              : std::vector<std::string>{};
      return Error(
          value, key_path,
          absl::StrCat("expected ", type.Describe(), ", got ", Describe(value),
                       near.empty() ? ""
                                    : absl::StrCat("; did you mean ",
                                                   near.front(), "?")));
    }
    if (target == nullptr) return absl::OkStatus();
    if (proto_field->type() != FieldDescriptor::TYPE_ENUM) {
      target->GetReflection()->SetString(target, proto_field, value.text());
      return absl::OkStatus();
    }
    const EnumValueDescriptor* enum_value =
        EnumValueFor(*proto_field, value.text());
    if (enum_value == nullptr) {
      return Error(value, key_path,
                   absl::StrCat("weightwalk does not model ",
                                proto_field->name(), " ", value.text()));
    }
    target->GetReflection()->SetEnum(target, proto_field, enum_value);
    return absl::OkStatus();
  }

  absl::Status ReadList(const YamlValue& value, const ConfigType& type,
                        const std::string& key_path, Message* target,
                        const FieldDescriptor* proto_field) {
    if (!value.is_sequence()) {
      return Error(value, key_path,
                   absl::StrCat("expected ", type.Describe(), ", got ",
                                Describe(value)));
    }
    const bool tuple = type.kind == ConfigType::Kind::kTuple;
    if (tuple && value.elements().size() != type.args.size()) {
      return Error(value, key_path,
                   absl::StrCat("expected ", type.args.size(), " values, got ",
                                value.elements().size()));
    }
    const bool into = target != nullptr && proto_field->is_repeated() &&
                      proto_field->type() == FieldDescriptor::TYPE_STRING;
    if (into) target->GetReflection()->ClearField(target, proto_field);
    for (size_t i = 0; i < value.elements().size(); ++i) {
      const YamlValue& element = value.elements()[i];
      const std::string element_path = absl::StrCat(key_path, "[", i, "]");
      RETURN_IF_ERROR(ReadValue(element, tuple ? type.args[i] : type.args[0],
                                element_path, nullptr, nullptr));
      if (into) {
        target->GetReflection()->AddString(target, proto_field, element.text());
      }
    }
    return absl::OkStatus();
  }

  // A dict field: into a proto map (blocks, sampling_weights) or, for a
  // stochastic mixer's `mixers`, into its repeated NamedMixer.
  absl::Status ReadDict(const YamlValue& value, const ConfigType& type,
                        const std::string& key_path, Message* target,
                        const FieldDescriptor* proto_field) {
    if (!value.is_mapping()) {
      return Error(value, key_path,
                   absl::StrCat("expected ", type.Describe(), ", got ",
                                Describe(value)));
    }
    for (const auto& [key, member] : value.members()) {
      const std::string member_path = absl::StrCat(key_path, ".", key.text());
      RETURN_IF_ERROR(
          ReadValue(key, type.args[0], member_path, nullptr, nullptr));
      if (target == nullptr) {
        RETURN_IF_ERROR(
            ReadValue(member, type.args[1], member_path, nullptr, nullptr));
        continue;
      }
      // A map entry or a NamedMixer: a message with a key and a value.
      Message* entry = target->GetReflection()->AddMessage(target, proto_field);
      const Descriptor* descriptor = entry->GetDescriptor();
      const FieldDescriptor* key_field = descriptor->FindFieldByName("key");
      const FieldDescriptor* value_field = descriptor->FindFieldByName("value");
      if (key_field == nullptr) {
        key_field = descriptor->FindFieldByName("name");
        value_field = descriptor->FindFieldByName("mixer");
      }
      if (key_field == nullptr || value_field == nullptr) {
        return Error(member, member_path,
                     "weightwalk has no place for this mapping");
      }
      entry->GetReflection()->SetString(entry, key_field, key.text());
      RETURN_IF_ERROR(
          ReadValue(member, type.args[1], member_path, entry, value_field));
    }
    return absl::OkStatus();
  }

  static std::string Describe(const YamlValue& value) {
    if (value.is_mapping() || value.is_sequence() || value.is_null()) {
      return YamlValue::TypeName(value.type());
    }
    return absl::StrCat(YamlValue::TypeName(value.type()), " ",
                        value.Describe());
  }

  // PyYAML's YAML 1.1 floats need a dot and a signed exponent: a common
  // surprise, so say so.
  static std::string Hint(const YamlValue& value, const ConfigType& type) {
    const bool wants_number =
        type.kind == ConfigType::Kind::kFloat ||
        (type.kind == ConfigType::Kind::kUnion &&
         std::any_of(type.args.begin(), type.args.end(),
                     [](const ConfigType& arg) {
                       return arg.kind == ConfigType::Kind::kFloat;
                     }));
    double number = 0;
    if (wants_number && value.is_string() &&
        absl::SimpleAtod(value.text(), &number)) {
      return " (YAML 1.1, as Fast-LLM reads it, takes a number with an "
             "exponent as a float only with a dot and a sign, e.g. 1.0e-5)";
    }
    return "";
  }

  std::string path_;
  const FastLlmSchema& schema_;
  // Per mapping (YamlValue::identity), the fields Fast-LLM has popped.
  std::map<int, std::set<std::string>> popped_;
  // Per mapping, the key path it was first read at.
  std::map<int, std::string> first_readers_;
  std::vector<std::string> warnings_;
};

}  // namespace

bool IsFastLlmConfigPath(absl::string_view path) {
  return absl::EndsWith(path, ".yaml") || absl::EndsWith(path, ".yml") ||
         absl::EndsWith(path, ".json");
}

absl::StatusOr<FastLlmConfig> ParseFastLlmConfig(absl::string_view text,
                                                 absl::string_view path) {
  ASSIGN_OR_RETURN(const YamlValue root, ParseYaml(text, path));
  const FastLlmSchema& schema = FastLlmSchema::Get();
  Reader reader(path, schema);
  if (!root.is_mapping()) {
    return reader.Error(root, "",
                        absl::StrCat("a Fast-LLM config is a mapping, not ",
                                     YamlValue::TypeName(root.type())));
  }
  FastLlmConfig config;
  // A training config has `model:`; a bare base-model config does not.
  const YamlValue* base = &root;
  std::string base_path;
  ASSIGN_OR_RETURN(const YamlValue empty_base, ParseYaml("{}", path));
  if (const YamlValue* model = root.Find("model")) {
    if (!model->is_mapping()) {
      return reader.Error(*model, "model", "expected a mapping");
    }
    base = model->Find("base_model");
    base_path = "model.base_model";
    if (base == nullptr || base->is_null()) base = &empty_base;
    if (const YamlValue* pretrained = root.Find("pretrained")) {
      if (!pretrained->is_mapping()) {
        return reader.Error(*pretrained, "pretrained", "expected a mapping");
      }
      if (const YamlValue* format = pretrained->Find("format");
          format != nullptr && !format->is_null()) {
        if (!format->is_string()) {
          return reader.Error(*format, "pretrained.format",
                              "expected a format name");
        }
        if (!schema.checkpoint_formats().count(format->text())) {
          std::vector<std::string> known;
          for (const auto& [name, unused] : schema.checkpoint_formats()) {
            known.push_back(name);
          }
          return reader.Error(
              *format, "pretrained.format",
              absl::StrCat(
                  "unknown checkpoint format \"", format->text(),
                  "\"; Fast-LLM's formats: ", absl::StrJoin(known, ", ")));
        }
        config.format = format->text();
      }
    }
  }
  // The base-model class: the one the format's model reads, else a
  // multimodal model when there is a vision encoder.
  std::string root_class = base->Find("vision_encoder") != nullptr
                               ? schema.multimodal_root()
                               : schema.gpt_root();
  if (!config.format.empty()) {
    root_class = schema.checkpoint_formats().at(config.format);
  }
  RETURN_IF_ERROR(
      reader.ReadConfig(*base, root_class, base_path, &config.model));
  // Fast-LLM builds a multimodal model's vision encoder (a field with no
  // default) from defaults when the config leaves it out.
  if (root_class == schema.multimodal_root()) {
    config.model.mutable_vision_encoder();
  }
  if (IsFastLlmNativeFormat(config.format)) config.format.clear();
  config.warnings = reader.warnings();
  return config;
}

absl::StatusOr<FastLlmConfig> ReadFastLlmConfig(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseFastLlmConfig(text, path);
}

}  // namespace weightwalk
