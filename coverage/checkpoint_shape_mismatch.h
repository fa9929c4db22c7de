// checkpoint-shape-mismatch: a checkpoint tensor whose shape (from its
// safetensors header) differs from the shape its converter exports from the
// model, so import would load a tensor of the wrong size. Checked by
// `weightwalk check` when shard headers are present.
#ifndef WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kCheckpointShapeMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_
