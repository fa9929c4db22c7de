#include "model/fastllm_schema.h"

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json.h"
#include "base/status_macros.h"

namespace weightwalk {

// The text of model/fastllm_schema.json (a generated source file).
extern const char kFastLlmSchemaJson[];

namespace {

absl::Status Malformed(const JsonValue& at, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "fastllm_schema.json:", at.line(), ":", at.column(), ": ", problem));
}

absl::StatusOr<ConfigType> ParseType(const JsonValue& json) {
  ConfigType type;
  if (json.is_string()) {
    static const auto* const kKinds =
        new std::map<std::string, ConfigType::Kind>{
            {"int", ConfigType::Kind::kInt},
            {"float", ConfigType::Kind::kFloat},
            {"bool", ConfigType::Kind::kBool},
            {"str", ConfigType::Kind::kString},
            {"none", ConfigType::Kind::kNone},
            {"any", ConfigType::Kind::kAny},
            {"path", ConfigType::Kind::kPath}};
    const auto it = kKinds->find(json.text());
    if (it == kKinds->end()) {
      return Malformed(json,
                       absl::StrCat("unknown type \"", json.text(), "\""));
    }
    type.kind = it->second;
    return type;
  }
  if (!json.is_object() || json.members().size() != 1) {
    return Malformed(json, "a type is a name or a one-member object");
  }
  const std::string& key = json.members().front().first;
  const JsonValue& value = json.members().front().second;
  const auto args = [&]() -> absl::Status {
    if (!value.is_array()) return Malformed(value, "expected a list of types");
    for (const JsonValue& element : value.elements()) {
      ASSIGN_OR_RETURN(ConfigType arg, ParseType(element));
      type.args.push_back(std::move(arg));
    }
    return absl::OkStatus();
  };
  if (key == "enum") {
    type.kind = ConfigType::Kind::kEnum;
    if (!value.is_array()) return Malformed(value, "expected enum values");
    for (const JsonValue& element : value.elements()) {
      if (!element.is_string()) return Malformed(element, "expected a string");
      type.values.push_back(element.text());
    }
  } else if (key == "config" || key == "subclass_of") {
    type.kind = key == "config" ? ConfigType::Kind::kConfig
                                : ConfigType::Kind::kSubclassOf;
    if (!value.is_string()) return Malformed(value, "expected a class name");
    type.name = value.text();
  } else if (key == "list") {
    type.kind = ConfigType::Kind::kList;
    ASSIGN_OR_RETURN(ConfigType element, ParseType(value));
    type.args.push_back(std::move(element));
  } else if (key == "tuple" || key == "dict" || key == "union") {
    type.kind = key == "tuple"  ? ConfigType::Kind::kTuple
                : key == "dict" ? ConfigType::Kind::kDict
                                : ConfigType::Kind::kUnion;
    RETURN_IF_ERROR(args());
    if (type.kind == ConfigType::Kind::kDict && type.args.size() != 2) {
      return Malformed(value, "a dict has a key and a value type");
    }
  } else {
    return Malformed(json, absl::StrCat("unknown type kind \"", key, "\""));
  }
  return type;
}

absl::StatusOr<ConfigClass> ParseClass(const std::string& name,
                                       const JsonValue& json) {
  ConfigClass config_class;
  config_class.name = name;
  const JsonValue* dynamic = json.Find("dynamic_type_name");
  const JsonValue* abstract = json.Find("abstract");
  const JsonValue* subclasses = json.Find("subclasses");
  const JsonValue* default_subclass = json.Find("default_subclass");
  const JsonValue* fields = json.Find("fields");
  if (dynamic == nullptr || abstract == nullptr || !abstract->is_bool() ||
      subclasses == nullptr || !subclasses->is_object() ||
      default_subclass == nullptr || !default_subclass->is_string() ||
      fields == nullptr || !fields->is_object()) {
    return Malformed(json, absl::StrCat("class ", name, " is incomplete"));
  }
  if (dynamic->is_string()) config_class.dynamic_type_name = dynamic->text();
  config_class.abstract = abstract->boolean();
  config_class.default_subclass = default_subclass->text();
  for (const auto& [type_name, subclass] : subclasses->members()) {
    if (!subclass.is_string()) return Malformed(subclass, "expected a class");
    config_class.subclasses[type_name] = subclass.text();
  }
  for (const auto& [field_name, field] : fields->members()) {
    const JsonValue* type = field.Find("type");
    const JsonValue* default_none = field.Find("default_none");
    if (type == nullptr || default_none == nullptr ||
        !default_none->is_bool()) {
      return Malformed(field, absl::StrCat("field ", field_name,
                                           " needs a type and default_none"));
    }
    ConfigField& parsed = config_class.fields.emplace_back();
    parsed.name = field_name;
    ASSIGN_OR_RETURN(parsed.type, ParseType(*type));
    parsed.default_none = default_none->boolean();
  }
  return config_class;
}

// Every class a type names must be in the schema.
absl::Status CheckReferences(const FastLlmSchema& schema,
                             const ConfigType& type, absl::string_view where) {
  if ((type.kind == ConfigType::Kind::kConfig ||
       type.kind == ConfigType::Kind::kSubclassOf) &&
      schema.Find(type.name) == nullptr &&
      type.kind == ConfigType::Kind::kConfig) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fastllm_schema.json: ", where, " names unknown class ", type.name));
  }
  for (const ConfigType& arg : type.args) {
    RETURN_IF_ERROR(CheckReferences(schema, arg, where));
  }
  return absl::OkStatus();
}

}  // namespace

bool ConfigType::AdmitsNull() const {
  if (kind == Kind::kNone || kind == Kind::kAny) return true;
  if (kind != Kind::kUnion) return false;
  for (const ConfigType& arg : args) {
    if (arg.AdmitsNull()) return true;
  }
  return false;
}

std::string ConfigType::Describe() const {
  switch (kind) {
    case Kind::kInt:
      return "an integer";
    case Kind::kFloat:
      return "a number";
    case Kind::kBool:
      return "a boolean";
    case Kind::kString:
    case Kind::kPath:
      return "a string";
    case Kind::kNone:
      return "null";
    case Kind::kAny:
      return "any value";
    case Kind::kEnum:
      return absl::StrCat("one of ", absl::StrJoin(values, ", "));
    case Kind::kConfig:
      return absl::StrCat("a mapping (", name, ")");
    case Kind::kSubclassOf:
      return absl::StrCat("a ", name, " type name");
    case Kind::kList:
      return absl::StrCat("a list of ", args[0].Describe());
    case Kind::kTuple:
      return absl::StrCat("a list of ", args.size(), " values");
    case Kind::kDict:
      return absl::StrCat("a mapping of ", args[1].Describe());
    case Kind::kUnion: {
      std::vector<std::string> described;
      for (const ConfigType& arg : args) described.push_back(arg.Describe());
      return absl::StrJoin(described, " or ");
    }
  }
  return "a value";
}

const ConfigField* ConfigClass::Find(absl::string_view field) const {
  for (const ConfigField& candidate : fields) {
    if (candidate.name == field) return &candidate;
  }
  return nullptr;
}

std::vector<std::string> ConfigClass::FieldNames() const {
  std::vector<std::string> names;
  for (const ConfigField& field : fields) names.push_back(field.name);
  return names;
}

const ConfigClass* FastLlmSchema::Find(absl::string_view name) const {
  const auto it = classes_.find(name);
  return it == classes_.end() ? nullptr : &it->second;
}

absl::StatusOr<FastLlmSchema> FastLlmSchema::Parse(absl::string_view json) {
  ASSIGN_OR_RETURN(const JsonValue root,
                   ParseJson(json, "fastllm_schema.json"));
  const JsonValue* roots = root.Find("roots");
  const JsonValue* formats = root.Find("checkpoint_formats");
  const JsonValue* classes = root.Find("classes");
  if (roots == nullptr || formats == nullptr || classes == nullptr ||
      !classes->is_object() || !formats->is_object()) {
    return Malformed(root, "needs roots, checkpoint_formats and classes");
  }
  FastLlmSchema schema;
  const JsonValue* gpt = roots->Find("gpt");
  const JsonValue* multimodal = roots->Find("multimodal");
  if (gpt == nullptr || !gpt->is_string() || multimodal == nullptr ||
      !multimodal->is_string()) {
    return Malformed(*roots, "needs the gpt and multimodal roots");
  }
  schema.gpt_root_ = gpt->text();
  schema.multimodal_root_ = multimodal->text();
  for (const auto& [format, base_model] : formats->members()) {
    if (!base_model.is_string())
      return Malformed(base_model, "expected a class");
    schema.checkpoint_formats_[format] = base_model.text();
  }
  for (const auto& [name, config_class] : classes->members()) {
    ASSIGN_OR_RETURN(ConfigClass parsed, ParseClass(name, config_class));
    schema.classes_.emplace(name, std::move(parsed));
  }
  for (const auto& [name, config_class] : schema.classes_) {
    for (const ConfigField& field : config_class.fields) {
      RETURN_IF_ERROR(CheckReferences(schema, field.type,
                                      absl::StrCat(name, ".", field.name)));
    }
    for (const auto& [type_name, subclass] : config_class.subclasses) {
      if (schema.Find(subclass) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("fastllm_schema.json: ", name,
                         " names unknown subclass ", subclass));
      }
    }
    if (schema.Find(config_class.default_subclass) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fastllm_schema.json: ", name, " has an unknown default subclass"));
    }
  }
  for (const std::string* root :
       {&schema.gpt_root_, &schema.multimodal_root_}) {
    if (schema.Find(*root) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("fastllm_schema.json: unknown root class ", *root));
    }
  }
  return schema;
}

const FastLlmSchema& FastLlmSchema::Get() {
  static const FastLlmSchema* const schema = [] {
    absl::StatusOr<FastLlmSchema> parsed = Parse(kFastLlmSchemaJson);
    if (!parsed.ok()) {
      std::fprintf(stderr, "weightwalk: the compiled-in %s\n",
                   std::string(parsed.status().message()).c_str());
      std::abort();
    }
    return new FastLlmSchema(*std::move(parsed));
  }();
  return *schema;
}

}  // namespace weightwalk
