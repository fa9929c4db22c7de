// One text for a weight-index parse's result, so two parses can be
// compared whole: "name -> shard" lines, or the error. Used by the tests
// and the differential fuzzer that hold the two parser tiers to the same
// answer.
#ifndef WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_
#define WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_

#include <string>

#include "absl/status/statusor.h"
#include "checkpoint/index.h"

namespace weightwalk {

std::string IndexListing(const absl::StatusOr<CheckpointTensors>& tensors);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_INDEX_LISTING_H_
