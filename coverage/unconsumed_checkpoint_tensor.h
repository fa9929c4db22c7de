// The unconsumed-checkpoint-tensor rule, documented where it is written
// (unconsumed_checkpoint_tensor.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_
#define WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnconsumedCheckpointTensor;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_
