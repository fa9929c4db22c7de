// The missing-checkpoint-tensor rule, documented where it is written
// (missing_checkpoint_tensor.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_
#define WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kMissingCheckpointTensor;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_
