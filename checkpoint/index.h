// Reading a weight-map index: `model.safetensors.index.json` or
// `pytorch_model.bin.index.json`, `{"metadata": {...}, "weight_map":
// {tensor name: shard file}}`.
//
// Strict: the JSON must parse (duplicate keys are errors), `weight_map`
// must be an object of strings, and shard names must be plain file names.
// Errors name the file and the line.
//
// Parsing is tiered, chosen by measurement (BENCHMARKS.md). A scanner reads
// an index written the way transformers writes them (ScanCanonicalWeightIndex,
// below) without building a parse tree; simdjson's DOM parser reads any other
// index that passes every check (faster than the strict parser);
// anything else is re-read by weightwalk's strict parser, which decides and
// reports the error with its line and column. So every tier accepts exactly
// the same indexes and returns the same list.
#ifndef WEIGHTWALK_CHECKPOINT_INDEX_H_
#define WEIGHTWALK_CHECKPOINT_INDEX_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace weightwalk {

// An index's tensors, in the container a CheckpointManifest holds them in.
using CheckpointTensors = google::protobuf::RepeatedPtrField<CheckpointTensor>;

// What an index lists: its tensors, in file order, and the shard files
// they are in, in first-named order. Each tensor names its shard by
// shard_index into `shards` (its `shard` string stays empty): both go into
// a CheckpointManifest as they are (tensors, index_shards).
struct WeightIndex {
  CheckpointTensors tensors;
  google::protobuf::RepeatedPtrField<std::string> shards;
};

// The first tier alone: the tensors of an index in the subset of JSON that
// transformers and huggingface_hub write, which the strict parser reads the
// same way: `{"metadata": {...}, "weight_map": {...}}` (no other key, each
// once), strings of printable ASCII without escapes, metadata values that
// are such strings or integers of at most 18 digits, and weight-map names
// in strictly increasing order (so none repeats) with plain-file-name
// shards. nullopt for anything else, valid or not.
std::optional<WeightIndex> ScanCanonicalWeightIndex(absl::string_view text);

// The tensors of the index in `text` (read from `path`), in file order,
// with their shards; shapes unknown.
absl::StatusOr<WeightIndex> ParseWeightIndex(absl::string_view text,
                                             absl::string_view path);

// The strict tier alone (base/json), for tests and benchmarks.
absl::StatusOr<WeightIndex> ParseWeightIndexStrict(absl::string_view text,
                                                   absl::string_view path);

// The most tensors a checkpoint may list, in its weight index and in its
// safetensors headers together: as many as the largest model weightwalk
// builds has names (kMaxModelNames, model/resolve.h).
inline constexpr size_t kMaxCheckpointTensors = 1'200'000;

// The most bytes of a weight index weightwalk reads: kMaxCheckpointTensors
// entries of about 100 bytes each, with room to spare.
inline constexpr size_t kMaxWeightIndexBytes = size_t{256} << 20;  // 256 MiB

// ParseWeightIndex of the file at `path`, read straight into the parser's
// padded buffer; an index of more than kMaxCheckpointTensors entries is an
// error.
absl::StatusOr<WeightIndex> ReadWeightIndex(const std::string& path);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_INDEX_H_
