#include "tools/fastllm_truth.h"

#include <filesystem>

#include "absl/status/status.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "tools/check_pipeline.h"

namespace weightwalk {

absl::StatusOr<JsonValue> ReadTruth(absl::string_view config_path) {
  std::filesystem::path path{std::string(config_path)};
  path.replace_extension(".truth.json");
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path.string()));
  return ParseJson(text, path.string());
}

CheckpointManifest SavedCheckpoint(const JsonValue& saved) {
  CheckpointManifest checkpoint;
  checkpoint.set_source("saved by Fast-LLM");
  for (const JsonValue& entry : saved.elements()) {
    CheckpointTensor* tensor = checkpoint.add_tensors();
    tensor->set_name(entry.elements()[0].text());
    for (const JsonValue& size : entry.elements()[1].elements()) {
      tensor->add_shape(size.integer());
    }
    tensor->set_shape_known(true);
    tensor->set_dtype(DTYPE_BF16);
    tensor->set_shard("model.safetensors");
  }
  return checkpoint;
}

absl::StatusOr<CoverageReport> CheckFastLlmSave(const JsonValue& truth,
                                                absl::string_view name) {
  const JsonValue* config = truth.Find("config_json");
  const JsonValue* saved = truth.Find("saved");
  if (config == nullptr || saved == nullptr) {
    return absl::FailedPreconditionError("Fast-LLM saved nothing");
  }
  ASSIGN_OR_RETURN(ModelSide side,
                   BuildModelSide(*config, "config.json", "", name));
  CheckpointManifest checkpoint = SavedCheckpoint(*saved);
  for (const ConfigKey& key : side.unknown_keys) {
    *checkpoint.add_unknown_config_keys() = key;
  }
  CoverageContext context(side.parameters, *side.converters);
  context.AttachCheckpoint(checkpoint);
  CoverageReport report = RunRules(context, nullptr);
  report.set_fixture(std::string(name));
  return report;
}

}  // namespace weightwalk
