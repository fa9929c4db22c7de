// transform-shape-mismatch: a leaf converter's transform cannot turn the
// model's shape of its input into checkpoint tensors, e.g. a split whose
// parts do not divide the dimension. Export would fail on it.
//
// Leaves that consume a name the model does not have are phantom-parameter
// findings, not this rule's.
#ifndef WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kTransformShapeMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_TRANSFORM_SHAPE_MISMATCH_H_
