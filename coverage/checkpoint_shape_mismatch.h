// The checkpoint-shape-mismatch rule, documented where it is written
// (checkpoint_shape_mismatch.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kCheckpointShapeMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CHECKPOINT_SHAPE_MISMATCH_H_
