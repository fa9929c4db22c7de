#include "checkpoint/index.h"

#include "absl/strings/str_cat.h"
#include "tools/base/json.h"
#include "tools/base/status_macros.h"
#include "tools/base/textproto.h"

namespace weightwalk {
namespace {

absl::Status At(absl::string_view path, const JsonValue& value,
                absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      path, ":", value.line(), ":", value.column(), ": ", problem));
}

}  // namespace

absl::StatusOr<std::vector<CheckpointTensor>> ParseWeightIndex(
    absl::string_view text, absl::string_view path) {
  ASSIGN_OR_RETURN(const JsonValue index, ParseJson(text, path));
  if (!index.is_object()) {
    return At(path, index,
              absl::StrCat("an index must be a JSON object, got ",
                           JsonValue::TypeName(index.type())));
  }
  const JsonValue* metadata = index.Find("metadata");
  if (metadata != nullptr && !metadata->is_object() && !metadata->is_null()) {
    return At(path, *metadata,
              absl::StrCat("\"metadata\" must be an object, got ",
                           JsonValue::TypeName(metadata->type())));
  }
  const JsonValue* weight_map = index.Find("weight_map");
  if (weight_map == nullptr) {
    return At(path, index, "the index has no \"weight_map\"");
  }
  if (!weight_map->is_object()) {
    return At(path, *weight_map,
              absl::StrCat("\"weight_map\" must be an object, got ",
                           JsonValue::TypeName(weight_map->type())));
  }
  std::vector<CheckpointTensor> tensors;
  tensors.reserve(weight_map->members().size());
  for (const auto& [name, shard] : weight_map->members()) {
    if (!shard.is_string()) {
      return At(
          path, shard,
          absl::StrCat("the shard of \"", name, "\" must be a string, got ",
                       JsonValue::TypeName(shard.type())));
    }
    if (shard.text().empty() || shard.text().find('/') != std::string::npos ||
        shard.text() == "." || shard.text() == "..") {
      return At(path, shard,
                absl::StrCat("the shard of \"", name,
                             "\" must be a file name "
                             "in the checkpoint directory, got \"",
                             shard.text(), "\""));
    }
    CheckpointTensor& tensor = tensors.emplace_back();
    tensor.set_name(name);
    tensor.set_shard(shard.text());
  }
  return tensors;
}

absl::StatusOr<std::vector<CheckpointTensor>> ReadWeightIndex(
    const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseWeightIndex(text, path);
}

}  // namespace weightwalk
