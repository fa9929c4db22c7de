// The strict tier of the safetensors header reader: weightwalk's own JSON
// parser (base/json.h), which accepts exactly the headers the other tiers
// accept and explains every header it refuses with its line and column.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/safetensors_internal.h"

namespace weightwalk {

using safetensors_internal::BaseName;
using safetensors_internal::BytesMatch;
using safetensors_internal::kMaxHeaderInteger;

namespace {

// A non-negative integer of at most 2^53, or an error about `what` at
// `value` saying which it is not.
absl::StatusOr<uint64_t> Unsigned(const JsonValue& value,
                                  absl::string_view what,
                                  absl::string_view path) {
  const std::string where =
      absl::StrCat(path, " (header):", value.line(), ":", value.column(), ": ");
  const bool digits = value.is_number() && !value.text().empty() &&
                      std::all_of(value.text().begin(), value.text().end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (digits && (!value.is_integer() ||
                 static_cast<uint64_t>(value.integer()) > kMaxHeaderInteger)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, what, " is ", value.text(), ", over the limit of 2^53"));
  }
  if (!value.is_number() || !value.is_integer() || value.integer() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, what, " must be a non-negative integer, got ",
        value.is_number() ? value.text() : JsonValue::TypeName(value.type())));
  }
  return static_cast<uint64_t>(value.integer());
}

// Errors at a place in a header: "<path> (header):<line>:<column>: ...".
struct HeaderErrors {
  std::string where;
  absl::Status At(const JsonValue& at, absl::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ":", at.line(), ":", at.column(), ": ", problem));
  }
};

absl::Status CheckMetadata(const JsonValue& entry, const HeaderErrors& errors) {
  if (!entry.is_object()) {
    return errors.At(entry, "__metadata__ must be an object of strings");
  }
  for (const auto& [key, value] : entry.members()) {
    if (!value.is_string()) {
      return errors.At(value, absl::StrCat("__metadata__ value of \"", key,
                                           "\" must be a string, got ",
                                           JsonValue::TypeName(value.type())));
    }
  }
  return absl::OkStatus();
}

// The dtype, shape and data_offsets of tensor `name`, each there, and
// nothing else.
absl::Status CheckTensorFields(const std::string& name, const JsonValue& entry,
                               const HeaderErrors& errors) {
  if (!entry.is_object()) {
    return errors.At(entry,
                     absl::StrCat("tensor \"", name, "\" must be an object"));
  }
  for (const auto& [field, value] : entry.members()) {
    if (field != "dtype" && field != "shape" && field != "data_offsets") {
      return errors.At(
          value, absl::StrCat("tensor \"", name, "\" has an unknown field \"",
                              field, "\""));
    }
  }
  if (entry.Find("dtype") == nullptr || entry.Find("shape") == nullptr ||
      entry.Find("data_offsets") == nullptr) {
    return errors.At(entry, absl::StrCat("tensor \"", name,
                                         "\" needs dtype, shape and "
                                         "data_offsets"));
  }
  return absl::OkStatus();
}

// Reads `shape` into `tensor`; its element count, or nullopt when that
// overflows 64 bits.
absl::StatusOr<std::optional<uint64_t>> ReadShape(const JsonValue& shape,
                                                  CheckpointTensor& tensor,
                                                  absl::string_view path,
                                                  const HeaderErrors& errors) {
  if (!shape.is_array()) {
    return errors.At(shape, absl::StrCat("tensor \"", tensor.name(),
                                         "\": shape must be an array"));
  }
  // With overflow checks: shapes come from outside.
  uint64_t elements = 1;
  bool overflow = false;
  for (const JsonValue& dimension : shape.elements()) {
    ASSIGN_OR_RETURN(
        const uint64_t size,
        Unsigned(dimension,
                 absl::StrCat("dimension ", tensor.shape_size(),
                              " of tensor \"", tensor.name(), "\""),
                 path));
    tensor.add_shape(static_cast<int64_t>(size));
    if (size != 0 && elements > UINT64_MAX / size) overflow = true;
    elements *= size;
  }
  if (overflow) return std::optional<uint64_t>();
  return std::optional<uint64_t>(elements);
}

// A tensor's place in the data: [begin, end), and which tensor it is.
struct Extent {
  uint64_t begin;
  uint64_t end;
  size_t tensor;
  bool operator<(const Extent& other) const {
    return std::tie(begin, end, tensor) <
           std::tie(other.begin, other.end, other.tensor);
  }
};

// Reads tensor `name` into `tensor` and says where its data is, checking
// that its dtype and shape take exactly its data_offsets.
absl::StatusOr<Extent> ReadTensor(const std::string& name,
                                  const JsonValue& entry, uint64_t data_size,
                                  absl::string_view path,
                                  const HeaderErrors& errors,
                                  CheckpointTensor& tensor) {
  RETURN_IF_ERROR(CheckTensorFields(name, entry, errors));
  const JsonValue& dtype = *entry.Find("dtype");
  const JsonValue& offsets = *entry.Find("data_offsets");
  const Dtype kind =
      dtype.is_string() ? ParseDtype(dtype.text()) : DTYPE_UNKNOWN;
  const int element = DtypeBits(kind);
  if (element == 0) {
    return errors.At(dtype,
                     absl::StrCat("tensor \"", name, "\" has unknown dtype ",
                                  dtype.is_string() ? "\"" + dtype.text() + "\""
                                                    : "(not a string)"));
  }
  tensor.set_name(name);
  tensor.set_dtype(kind);
  tensor.set_shape_known(true);
  ASSIGN_OR_RETURN(const std::optional<uint64_t> elements,
                   ReadShape(*entry.Find("shape"), tensor, path, errors));
  if (!offsets.is_array() || offsets.elements().size() != 2) {
    return errors.At(offsets, absl::StrCat("tensor \"", name,
                                           "\": data_offsets must be "
                                           "[begin, end]"));
  }
  ASSIGN_OR_RETURN(const uint64_t begin,
                   Unsigned(offsets.elements()[0], "data_offsets", path));
  ASSIGN_OR_RETURN(const uint64_t end,
                   Unsigned(offsets.elements()[1], "data_offsets", path));
  if (begin > end || end > data_size) {
    return errors.At(
        offsets,
        absl::StrCat("tensor \"", name, "\": data_offsets [", begin, ", ", end,
                     "] are outside the data (", data_size, " bytes)"));
  }
  if (!elements.has_value() ||
      !BytesMatch(element, *elements, begin, end, data_size)) {
    const bool too_many =
        !elements.has_value() ||
        *elements > UINT64_MAX / static_cast<uint64_t>(element);
    const uint64_t bits =
        too_many ? 0 : *elements * static_cast<uint64_t>(element);
    const std::string need = too_many ? "more than 2^61"
                             : bits % 8 != 0
                                 ? absl::StrCat(bits,
                                                " bits, not a whole number of "
                                                "bytes")
                                 : absl::StrCat(bits / 8);
    return errors.At(
        offsets, absl::StrCat("tensor \"", name, "\": ", end - begin,
                              " bytes, but its shape and dtype ", dtype.text(),
                              " need ", need));
  }
  return Extent{begin, end, 0};
}

// The tensors' data must tile [0, data_size) exactly: no gap, no overlap.
absl::Status CheckTiling(std::vector<Extent> extents,
                         const std::vector<CheckpointTensor>& tensors,
                         uint64_t data_size, const std::string& where) {
  std::sort(extents.begin(), extents.end());
  uint64_t expected = 0;
  for (const Extent& extent : extents) {
    if (extent.begin != expected) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": tensor \"", tensors[extent.tensor].name(),
                       "\" starts at data byte ", extent.begin,
                       " but the previous tensor ends at ", expected,
                       extent.begin < expected ? " (overlap)" : " (gap)"));
    }
    expected = extent.end;
  }
  if (expected != data_size) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": the tensors cover ", expected, " bytes of ",
                     data_size, " bytes of data (gap at the end)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<CheckpointTensor>> ParseSafetensorsHeaderStrict(
    absl::string_view header, uint64_t data_size, absl::string_view path) {
  const HeaderErrors errors{absl::StrCat(path, " (header)")};
  ASSIGN_OR_RETURN(const JsonValue root, ParseJson(header, errors.where));
  if (!root.is_object()) {
    return errors.At(root, "the header must be a JSON object");
  }
  std::vector<CheckpointTensor> tensors;
  std::vector<Extent> extents;
  const std::string shard = BaseName(path);
  for (const auto& [name, entry] : root.members()) {
    if (name == "__metadata__") {
      RETURN_IF_ERROR(CheckMetadata(entry, errors));
      continue;
    }
    CheckpointTensor& tensor = tensors.emplace_back();
    tensor.set_shard(shard);
    ASSIGN_OR_RETURN(Extent extent,
                     ReadTensor(name, entry, data_size, path, errors, tensor));
    extent.tensor = tensors.size() - 1;
    extents.push_back(extent);
  }
  RETURN_IF_ERROR(
      CheckTiling(std::move(extents), tensors, data_size, errors.where));
  return tensors;
}

}  // namespace weightwalk
