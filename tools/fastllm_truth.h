// What the real Fast-LLM recorded for a config (tools/fastllm/corpus.py
// record: <config>.truth.json), read back for weightwalk to be held to it.
//
//   ASSIGN_OR_RETURN(JsonValue truth, ReadTruth("fixtures/upstream/f1.yaml"));
//   CheckpointManifest saved = SavedCheckpoint(*truth.Find("saved"));
#ifndef WEIGHTWALK_TOOLS_FASTLLM_TRUTH_H_
#define WEIGHTWALK_TOOLS_FASTLLM_TRUTH_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

// The truth recorded beside config file `config_path` (x.yaml ->
// x.truth.json).
absl::StatusOr<JsonValue> ReadTruth(absl::string_view config_path);

// The checkpoint Fast-LLM saved: the recorded `saved` list of [name,
// shape], as `check` would read it from the shard headers.
CheckpointManifest SavedCheckpoint(const JsonValue& saved);

// `weightwalk check` of what Fast-LLM saved: its exported config.json
// (`config_json`) and its tensors (`saved`); an error when the config does
// not import.
absl::StatusOr<CoverageReport> CheckFastLlmSave(const JsonValue& truth,
                                                absl::string_view name);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_FASTLLM_TRUTH_H_
