// One text for a weight-index or safetensors-header parse's result, so two
// parses can be compared whole: one line per tensor, or the error. Used by
// the tests and the differential fuzzers that hold each reader's two parser
// tiers to the same answer.
#ifndef WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_
#define WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "checkpoint/index.h"

namespace weightwalk {

// "name -> shard" lines.
std::string IndexListing(const absl::StatusOr<WeightIndex>& index);

// "name dtype [shape] shard" lines.
std::string HeaderListing(
    const absl::StatusOr<std::vector<CheckpointTensor>>& tensors);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_
