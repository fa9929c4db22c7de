#include "checkpoint/index.h"

#include <optional>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "checkpoint/simdjson_checks.h"
#include "simdjson.h"
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

bool IsPlainFileName(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos &&
         name != "." && name != "..";
}

// The fast tier: the index when it passes every check, nullopt otherwise
// (then the strict tier decides and explains). `text` must be followed by
// simdjson::SIMDJSON_PADDING readable bytes when `padded`. `owner`, when
// given, holds the text and is emptied once it is parsed: the parser keeps
// its own copy of every string, so a large index is not held twice while
// its tensors are built.
std::optional<CheckpointTensors> FastParseWeightIndex(
    absl::string_view text, bool padded,
    simdjson::padded_string* owner = nullptr) {
  // A byte-order mark: leave it to the strict parser, whatever it says.
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) return std::nullopt;
  const int max_depth = JsonLimits().max_depth;
  simdjson::padded_string copy;
  if (!padded) copy = simdjson::padded_string(text.data(), text.size());
  simdjson::dom::parser parser;
  simdjson::dom::object index;
  if (parser
          .parse(padded ? text.data() : copy.data(), text.size(),
                 /*realloc_if_needed=*/false)
          .get_object()
          .get(index) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  if (owner != nullptr) *owner = simdjson::padded_string();
  if (!AllKeysDistinct(index)) return std::nullopt;
  std::optional<simdjson::dom::object> weight_map;
  for (const auto [key, value] : index) {
    if (key == "weight_map") {
      simdjson::dom::object map;
      if (value.get_object().get(map) != simdjson::SUCCESS) {
        return std::nullopt;
      }
      weight_map = map;
    } else {
      if (key == "metadata" && !value.is_object() && !value.is_null()) {
        return std::nullopt;
      }
      if (!StrictlyValid(value, 1, max_depth)) return std::nullopt;
    }
  }
  if (!weight_map.has_value()) return std::nullopt;
  if (!AllKeysDistinct(*weight_map)) return std::nullopt;
  CheckpointTensors tensors;
  tensors.Reserve(static_cast<int>(weight_map->size()));
  for (const auto [name, value] : *weight_map) {
    std::string_view shard;
    if (value.get_string().get(shard) != simdjson::SUCCESS ||
        !IsPlainFileName(shard)) {
      return std::nullopt;
    }
    CheckpointTensor& tensor = *tensors.Add();
    tensor.set_name(std::string(name));
    tensor.set_shard(std::string(shard));
  }
  return tensors;
}

}  // namespace

absl::StatusOr<CheckpointTensors> ParseWeightIndex(absl::string_view text,
                                                   absl::string_view path) {
  std::optional<CheckpointTensors> fast =
      FastParseWeightIndex(text, /*padded=*/false);
  if (fast.has_value()) return *std::move(fast);
  return ParseWeightIndexStrict(text, path);
}

absl::StatusOr<CheckpointTensors> ParseWeightIndexStrict(
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
  CheckpointTensors tensors;
  tensors.Reserve(static_cast<int>(weight_map->members().size()));
  for (const auto& [name, shard] : weight_map->members()) {
    if (!shard.is_string()) {
      return At(
          path, shard,
          absl::StrCat("the shard of \"", name, "\" must be a string, got ",
                       JsonValue::TypeName(shard.type())));
    }
    if (!IsPlainFileName(shard.text())) {
      return At(path, shard,
                absl::StrCat("the shard of \"", name,
                             "\" must be a file name "
                             "in the checkpoint directory, got \"",
                             shard.text(), "\""));
    }
    CheckpointTensor& tensor = *tensors.Add();
    tensor.set_name(name);
    tensor.set_shard(shard.text());
  }
  return tensors;
}

absl::StatusOr<CheckpointTensors> ReadWeightIndex(const std::string& path) {
  {
    // Straight into a buffer with simdjson's padding, parsed in place and
    // freed once parsed.
    simdjson::padded_string buffer;
    RETURN_IF_ERROR(ReadFileInto(path, [&buffer](size_t size) {
      buffer = simdjson::padded_string(size);
      return buffer.data();
    }));
    std::optional<CheckpointTensors> fast =
        FastParseWeightIndex(absl::string_view(buffer.data(), buffer.size()),
                             /*padded=*/true, &buffer);
    if (fast.has_value()) return *std::move(fast);
  }
  // The strict tier reads the file again: it runs only on an index the fast
  // tier does not accept whole, to decide and explain.
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseWeightIndexStrict(text, path);
}

}  // namespace weightwalk
