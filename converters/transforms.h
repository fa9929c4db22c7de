// The shape algebra of each leaf transform: from the Fast-LLM input shapes
// to the exported checkpoint shapes, as Fast-LLM's `export_weight` computes
// them.
//
//   RENAME, OUTPUT_PROJECTION  [a, ...]     -> [a, ...]
//   SPLIT into n               [a, ...]     -> n x [a/n, ...]
//   KEY_VALUE_SPLIT            [a, ...]     -> 2 x [a/2, ...]
//   TRANSPOSE_SPLIT into n     [a, b]       -> n x [b, a/n]
//                              [a] (a bias) -> n x [a/n]
//   PATCH_EMBEDDING_RESHAPE    [o, c·h·w]   -> [o, c, h, w]   (arguments c, h,
//   w) MOE_LAYER_1_RESHAPE        [E·X, H]     -> [E, X, H]      (argument E)
//   MOE_LAYER_2_RESHAPE_PERMUTE [E·F, H]    -> [E, H, F]      (argument E)
//
// A transform that cannot apply (a split that does not divide, a transpose
// of a 3-D tensor, the wrong number of inputs) is InvalidArgumentError with
// the reason; callers add which converter it was.
#ifndef WEIGHTWALK_CONVERTERS_TRANSFORMS_H_
#define WEIGHTWALK_CONVERTERS_TRANSFORMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converters/converter_manifest.pb.h"

namespace weightwalk {

// Inline up to 4 dimensions: a MoE layer's converter has 512 outputs, and
// their shapes are built once per check.
using Shape = absl::InlinedVector<int64_t, 4>;

// The shapes of `outputs` tensors produced by `transform` from `inputs`.
// `arguments` are the leaf's `transform_arguments`.
absl::StatusOr<std::vector<Shape>> ExportShapes(
    TransformKind transform, const std::vector<Shape>& inputs, size_t outputs,
    const std::vector<int64_t>& arguments = {});

// "[384, 256]".
std::string FormatShape(absl::Span<const int64_t> shape);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_TRANSFORMS_H_
