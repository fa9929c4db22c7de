#include "converters/transforms.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace weightwalk {
namespace {

// `shape` cut into `parts` equal chunks along `dimension`.
absl::StatusOr<std::vector<Shape>> Chunk(const Shape& shape, size_t dimension,
                                         size_t parts) {
  if (parts == 0) {
    return absl::InvalidArgumentError("a split needs at least one output");
  }
  if (dimension >= shape.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot split ", FormatShape(shape), " along dim ", dimension));
  }
  const int64_t size = shape[dimension];
  if (size % static_cast<int64_t>(parts) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot split dim ", dimension, " of ", FormatShape(shape),
                     " into ", parts, " equal parts"));
  }
  Shape part = shape;
  part[dimension] = size / static_cast<int64_t>(parts);
  return std::vector<Shape>(parts, part);
}

}  // namespace

std::string FormatShape(absl::Span<const int64_t> shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

namespace {

absl::Status SingleOutput(TransformKind transform, size_t outputs) {
  if (outputs != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        TransformKind_Name(transform), " produces one output, got ", outputs));
  }
  return absl::OkStatus();
}

// `count` positive transform arguments.
absl::Status ExpectArguments(TransformKind transform,
                             const std::vector<int64_t>& arguments,
                             size_t count) {
  if (arguments.size() != count) {
    return absl::InvalidArgumentError(
        absl::StrCat(TransformKind_Name(transform), " takes ", count,
                     " transform arguments, got ", arguments.size()));
  }
  for (int64_t argument : arguments) {
    if (argument <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          TransformKind_Name(transform), " arguments must be positive, got ",
          FormatShape(arguments)));
    }
  }
  return absl::OkStatus();
}

// [out, in] viewed as [out, channels, height, width] (the arguments).
absl::StatusOr<std::vector<Shape>> PatchEmbeddingReshape(
    const Shape& input, size_t outputs, const std::vector<int64_t>& arguments) {
  RETURN_IF_ERROR(SingleOutput(PATCH_EMBEDDING_RESHAPE, outputs));
  RETURN_IF_ERROR(ExpectArguments(PATCH_EMBEDDING_RESHAPE, arguments, 3));
  int64_t patch = 1;
  bool overflow = false;
  for (int i = 0; i < 3; ++i) {
    overflow |= __builtin_mul_overflow(patch, arguments[i], &patch);
  }
  if (input.size() != 2 || overflow || input[1] != patch) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot view ", FormatShape(input), " as [", "out, ",
                     absl::StrJoin(arguments, ", "), "]"));
  }
  return std::vector<Shape>{
      {input[0], arguments[0], arguments[1], arguments[2]}};
}

// [experts * rows, columns] as [experts, rows, columns] (layer 1) or
// [experts, columns, rows] (layer 2).
absl::StatusOr<std::vector<Shape>> MoeReshape(
    TransformKind transform, const Shape& input, size_t outputs,
    const std::vector<int64_t>& arguments) {
  RETURN_IF_ERROR(SingleOutput(transform, outputs));
  RETURN_IF_ERROR(ExpectArguments(transform, arguments, 1));
  const int64_t experts = arguments[0];
  if (input.size() != 2 || input[0] % experts != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot reshape ", FormatShape(input), " into ", experts, " experts"));
  }
  const int64_t rows = input[0] / experts;
  if (transform == MOE_LAYER_1_RESHAPE) {
    return std::vector<Shape>{{experts, rows, input[1]}};
  }
  return std::vector<Shape>{{experts, input[1], rows}};
}

}  // namespace

absl::StatusOr<std::vector<Shape>> ExportShapes(
    TransformKind transform, const std::vector<Shape>& inputs, size_t outputs,
    const std::vector<int64_t>& arguments) {
  if (inputs.size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(TransformKind_Name(transform), " takes one input, got ",
                     inputs.size()));
  }
  const Shape& input = inputs.front();
  switch (transform) {
    case RENAME:
    case OUTPUT_PROJECTION:
      RETURN_IF_ERROR(SingleOutput(transform, outputs));
      return std::vector<Shape>{input};
    case SPLIT:
      return Chunk(input, 0, outputs);
    case KEY_VALUE_SPLIT:
      if (outputs != 2) {
        return absl::InvalidArgumentError(absl::StrCat(
            "KEY_VALUE_SPLIT produces two outputs (K, V), got ", outputs));
      }
      return Chunk(input, 0, 2);
    case TRANSPOSE_SPLIT:
      if (input.size() == 1) return Chunk(input, 0, outputs);
      if (input.size() != 2) {
        return absl::InvalidArgumentError(absl::StrCat(
            "cannot transpose ", FormatShape(input), ": not a matrix"));
      }
      return Chunk(Shape{input[1], input[0]}, 1, outputs);
    case PATCH_EMBEDDING_RESHAPE:
      return PatchEmbeddingReshape(input, outputs, arguments);
    case MOE_LAYER_1_RESHAPE:
    case MOE_LAYER_2_RESHAPE_PERMUTE:
      return MoeReshape(transform, input, outputs, arguments);
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unknown transform ", static_cast<int>(transform)));
  }
}

}  // namespace weightwalk
