#include "converters/transforms.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

std::string FormatShape(const Shape& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

absl::StatusOr<std::vector<Shape>> ExportShapes(
    TransformKind transform, const std::vector<Shape>& inputs, size_t outputs) {
  if (inputs.size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(TransformKind_Name(transform), " takes one input, got ",
                     inputs.size()));
  }
  const Shape& input = inputs.front();
  switch (transform) {
    case RENAME:
    case OUTPUT_PROJECTION:
      if (outputs != 1) {
        return absl::InvalidArgumentError(
            absl::StrCat(TransformKind_Name(transform),
                         " produces one output, got ", outputs));
      }
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
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unknown transform ", static_cast<int>(transform)));
  }
}

}  // namespace weightwalk
