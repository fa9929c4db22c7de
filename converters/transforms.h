// The shape algebra of each leaf transform: from the Fast-LLM input shapes
// to the exported checkpoint shapes, as Fast-LLM's `export_weight` computes
// them.
//
//   RENAME, OUTPUT_PROJECTION  [a, ...]     -> [a, ...]
//   SPLIT into n               [a, ...]     -> n x [a/n, ...]
//   KEY_VALUE_SPLIT            [a, ...]     -> 2 x [a/2, ...]
//   TRANSPOSE_SPLIT into n     [a, b]       -> n x [b, a/n]
//                              [a] (a bias) -> n x [a/n]
//
// A transform that cannot apply (a split that does not divide, a transpose
// of a 3-D tensor, the wrong number of inputs) is InvalidArgumentError with
// the reason; callers add which converter it was.
#ifndef WEIGHTWALK_CONVERTERS_TRANSFORMS_H_
#define WEIGHTWALK_CONVERTERS_TRANSFORMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converters/converter_manifest.pb.h"

namespace weightwalk {

using Shape = std::vector<int64_t>;

// The shapes of `outputs` tensors produced by `transform` from `inputs`.
absl::StatusOr<std::vector<Shape>> ExportShapes(
    TransformKind transform, const std::vector<Shape>& inputs, size_t outputs);

// "[384, 256]".
std::string FormatShape(const Shape& shape);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_TRANSFORMS_H_
