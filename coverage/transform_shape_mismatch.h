// The transform-shape-mismatch rule, documented where it is written
// (transform_shape_mismatch.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kTransformShapeMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_
