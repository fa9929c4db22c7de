#include "checkpoint/safetensors.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "checkpoint/distinct_names.h"
#include "checkpoint/json_scanner.h"
#include "checkpoint/simdjson_checks.h"
#include "simdjson.h"

namespace weightwalk {
namespace {

// Closes a file descriptor when it goes out of scope.
struct FileCloser {
  int fd;
  ~FileCloser() { close(fd); }
};

// Reads `size` bytes of `fd` at `offset` into `out`; false on an error or
// the end of the file (errno then EIO).
bool ReadFully(int fd, char* out, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t got = pread(fd, out, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (got == 0) errno = EIO;
      return false;
    }
    out += got;
    size -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return true;
}

std::string BaseName(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == absl::string_view::npos ? path
                                                      : path.substr(slash + 1));
}

bool BytesMatch(int bits, uint64_t elements, uint64_t begin, uint64_t end,
                uint64_t data_size);

// The largest dimension or offset weightwalk reads: JSON numbers past 2^53
// are not exact in most readers, and no real tensor comes near it.
constexpr uint64_t kMaxHeaderInteger = uint64_t{1} << 53;

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

}  // namespace

namespace {

struct DtypeInfo {
  absl::string_view name;
  int bits;
};

// By Dtype value.
constexpr DtypeInfo kDtypes[] = {
    {"", 0},        {"BOOL", 8}, {"U8", 8},      {"I8", 8},      {"F8_E5M2", 8},
    {"F8_E4M3", 8}, {"I16", 16}, {"U16", 16},    {"F16", 16},    {"BF16", 16},
    {"I32", 32},    {"U32", 32}, {"F32", 32},    {"I64", 64},    {"U64", 64},
    {"F64", 64},    {"F4", 4},   {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"F8_E8M0", 8},
    {"C64", 64}};
static_assert(sizeof(kDtypes) / sizeof(kDtypes[0]) == Dtype_ARRAYSIZE);

}  // namespace

Dtype ParseDtype(absl::string_view name) {
  for (int i = 1; i < Dtype_ARRAYSIZE; ++i) {
    if (kDtypes[i].name == name) return static_cast<Dtype>(i);
  }
  return DTYPE_UNKNOWN;
}

absl::string_view DtypeName(Dtype dtype) {
  return Dtype_IsValid(dtype) ? kDtypes[dtype].name : "";
}

int DtypeBits(Dtype dtype) {
  return Dtype_IsValid(dtype) ? kDtypes[dtype].bits : 0;
}

namespace {

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

namespace {

// elements *= size, false when that overflows.
bool MultiplyChecked(uint64_t* elements, uint64_t size) {
  if (size != 0 && *elements > UINT64_MAX / size) return false;
  *elements *= size;
  return true;
}

// True when a tensor of `elements` elements of `bits` bits each (0: an
// unknown dtype) fits data_offsets [begin, end) of `data_size` bytes
// exactly: a whole number of bytes (sub-byte dtypes pack), and no more.
bool BytesMatch(int bits, uint64_t elements, uint64_t begin, uint64_t end,
                uint64_t data_size) {
  if (bits <= 0 || begin > end || end > data_size ||
      elements > UINT64_MAX / static_cast<uint64_t>(bits)) {
    return false;
  }
  const uint64_t total_bits = elements * static_cast<uint64_t>(bits);
  return total_bits % 8 == 0 && total_bits / 8 == end - begin;
}

// True when the (begin, end, tensor) extents tile [0, data_size) exactly,
// with no gap or overlap (sorts them).
bool Tiled(std::vector<std::tuple<uint64_t, uint64_t, size_t>>& extents,
           uint64_t data_size) {
  std::sort(extents.begin(), extents.end());
  uint64_t expected = 0;
  for (const auto& [begin, end, index] : extents) {
    if (begin != expected) return false;
    expected = end;
  }
  return expected == data_size;
}

// The first tier: a scanner for headers as the safetensors library writes
// them, `{"__metadata__": {"format": "pt"}, "name": {"dtype": "BF16",
// "shape": [2, 3], "data_offsets": [0, 12]}, ...}`, in the subset of JSON
// PlainJsonScanner reads (json_scanner.h): each tensor exactly its three
// fields, metadata of strings. It reads the tensors straight from the
// text, with no parse tree and no copy of a name (they point into
// `header`), and makes the same checks as the other tiers; anything else,
// valid or not, returns nullopt for the simdjson tier.
std::optional<std::vector<HeaderTensor>> ScanHeaderTensors(
    absl::string_view header, uint64_t data_size) {
  PlainJsonScanner json(std::string_view(header.data(), header.size()));
  std::vector<HeaderTensor> tensors;
  std::vector<std::tuple<uint64_t, uint64_t, size_t>> extents;
  DistinctNames names;
  if (!json.Consume('{')) return std::nullopt;
  if (!json.Consume('}')) {
    do {
      std::string_view name;
      if (!json.String(&name) || !names.Add(name) || !json.Consume(':')) {
        return std::nullopt;
      }
      if (name == "__metadata__") {
        if (!json.FlatObject(/*integers=*/false)) return std::nullopt;
        continue;
      }
      // Filled as it is read (on any failure the whole list is dropped).
      HeaderTensor& tensor = tensors.emplace_back();
      std::string_view dtype;
      uint64_t elements = 1;
      uint64_t begin = 0;
      uint64_t end = 0;
      int fields = 0;  // dtype 1, shape 2, data_offsets 4
      if (!json.Consume('{')) return std::nullopt;
      do {
        std::string_view field;
        if (!json.String(&field) || !json.Consume(':')) return std::nullopt;
        if (field == "dtype" && !(fields & 1)) {
          fields |= 1;
          if (!json.String(&dtype)) return std::nullopt;
        } else if (field == "shape" && !(fields & 2)) {
          fields |= 2;
          if (!json.Consume('[')) return std::nullopt;
          if (!json.Consume(']')) {
            do {
              uint64_t size;
              if (!json.Integer(&size) || !MultiplyChecked(&elements, size)) {
                return std::nullopt;
              }
              tensor.shape.push_back(static_cast<int64_t>(size));
            } while (json.Consume(','));
            if (!json.Consume(']')) return std::nullopt;
          }
        } else if (field == "data_offsets" && !(fields & 4)) {
          fields |= 4;
          if (!json.Consume('[') || !json.Integer(&begin) ||
              !json.Consume(',') || !json.Integer(&end) || !json.Consume(']')) {
            return std::nullopt;
          }
        } else {
          return std::nullopt;
        }
      } while (json.Consume(','));
      if (!json.Consume('}') || fields != 7) return std::nullopt;
      tensor.dtype = ParseDtype(absl::string_view(dtype.data(), dtype.size()));
      if (!BytesMatch(DtypeBits(tensor.dtype), elements, begin, end,
                      data_size)) {
        return std::nullopt;
      }
      tensor.name = absl::string_view(name.data(), name.size());
      extents.emplace_back(begin, end, tensors.size() - 1);
    } while (json.Consume(','));
    if (!json.Consume('}')) return std::nullopt;
  }
  if (!json.AtEnd() || !Tiled(extents, data_size)) return std::nullopt;
  return tensors;
}

// The tensors of a header the scanner read, as the other tiers give them.
std::vector<CheckpointTensor> ToCheckpointTensors(
    const std::vector<HeaderTensor>& scanned, absl::string_view path) {
  const std::string shard = BaseName(path);
  std::vector<CheckpointTensor> tensors(scanned.size());
  for (size_t i = 0; i < scanned.size(); ++i) {
    CheckpointTensor& tensor = tensors[i];
    tensor.set_name(scanned[i].name.data(), scanned[i].name.size());
    tensor.set_dtype(scanned[i].dtype);
    tensor.set_shard(shard);
    tensor.set_shape_known(true);
    tensor.mutable_shape()->Add(scanned[i].shape.begin(),
                                scanned[i].shape.end());
  }
  return tensors;
}

}  // namespace

std::optional<std::vector<CheckpointTensor>> ScanSafetensorsHeader(
    absl::string_view header, uint64_t data_size, absl::string_view path) {
  std::optional<std::vector<HeaderTensor>> scanned =
      ScanHeaderTensors(header, data_size);
  if (!scanned.has_value()) return std::nullopt;
  return ToCheckpointTensors(*scanned, path);
}

namespace {

// A non-negative integer the strict parser reads the same way, or nullopt.
std::optional<uint64_t> FastUnsigned(const simdjson::dom::element& value) {
  int64_t number;
  if (value.type() != simdjson::dom::element_type::INT64 ||
      value.get_int64().get(number) != simdjson::SUCCESS || number < 0) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(number);
}

// The fast tier: the header's tensors when it passes every check, nullopt
// otherwise (then the strict tier decides and explains). `header` must be
// followed by simdjson::SIMDJSON_PADDING readable bytes when `padded`.
std::optional<std::vector<CheckpointTensor>> FastParseSafetensorsHeader(
    absl::string_view header, uint64_t data_size, absl::string_view path,
    bool padded) {
  if (absl::StartsWith(header, "\xEF\xBB\xBF")) return std::nullopt;
  simdjson::padded_string copy;
  if (!padded) copy = simdjson::padded_string(header.data(), header.size());
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(padded ? header.data() : copy.data(), header.size(),
                   /*realloc_if_needed=*/false)
              .get_object()
              .get(root) != simdjson::SUCCESS ||
      !AllKeysDistinct(root)) {
    return std::nullopt;
  }
  const std::string shard = BaseName(path);
  std::vector<CheckpointTensor> tensors;
  tensors.reserve(root.size());
  std::vector<std::tuple<uint64_t, uint64_t, size_t>> extents;
  extents.reserve(root.size());
  for (const auto [name, entry] : root) {
    simdjson::dom::object fields;
    if (entry.get_object().get(fields) != simdjson::SUCCESS ||
        !AllKeysDistinct(fields)) {
      return std::nullopt;
    }
    if (name == "__metadata__") {
      for (const auto [key, value] : fields) {
        if (!value.is_string()) return std::nullopt;
      }
      continue;
    }
    std::string_view dtype;
    simdjson::dom::array shape;
    simdjson::dom::array offsets;
    int found = 0;
    for (const auto [field, value] : fields) {
      if (field == "dtype" &&
          value.get_string().get(dtype) == simdjson::SUCCESS) {
        ++found;
      } else if (field == "shape" &&
                 value.get_array().get(shape) == simdjson::SUCCESS) {
        ++found;
      } else if (field == "data_offsets" &&
                 value.get_array().get(offsets) == simdjson::SUCCESS) {
        ++found;
      } else {
        return std::nullopt;
      }
    }
    const Dtype kind =
        ParseDtype(absl::string_view(dtype.data(), dtype.size()));
    const int element = DtypeBits(kind);
    if (found != 3 || element == 0 || offsets.size() != 2) return std::nullopt;
    CheckpointTensor& tensor = tensors.emplace_back();
    tensor.set_name(std::string(name));
    tensor.set_dtype(kind);
    tensor.set_shard(shard);
    tensor.set_shape_known(true);
    uint64_t elements = 1;
    for (const simdjson::dom::element dimension : shape) {
      const std::optional<uint64_t> size = FastUnsigned(dimension);
      if (!size.has_value() || !MultiplyChecked(&elements, *size)) {
        return std::nullopt;
      }
      tensor.add_shape(static_cast<int64_t>(*size));
    }
    const std::optional<uint64_t> begin = FastUnsigned(offsets.at(0).value());
    const std::optional<uint64_t> end = FastUnsigned(offsets.at(1).value());
    if (!begin.has_value() || !end.has_value() ||
        !BytesMatch(element, elements, *begin, *end, data_size)) {
      return std::nullopt;
    }
    extents.emplace_back(*begin, *end, tensors.size() - 1);
  }
  if (!Tiled(extents, data_size)) return std::nullopt;
  return tensors;
}

// The tiers after the scanner: simdjson, then the strict parser, which
// decides and explains. `padded` as for FastParseSafetensorsHeader.
absl::StatusOr<std::vector<CheckpointTensor>> ParseLaterTiers(
    absl::string_view header, uint64_t data_size, absl::string_view path,
    bool padded) {
  std::optional<std::vector<CheckpointTensor>> fast =
      FastParseSafetensorsHeader(header, data_size, path, padded);
  if (fast.has_value()) return *std::move(fast);
  return ParseSafetensorsHeaderStrict(header, data_size, path);
}

// A header file's JSON text (followed by simdjson::SIMDJSON_PADDING zero
// bytes) and the size of the data after it.
struct HeaderFile {
  std::unique_ptr<char[]> text;
  size_t length = 0;
  uint64_t data_size = 0;

  absl::string_view json() const { return {text.get(), length}; }
};

// Reads the length and the JSON text of the safetensors file at `path`,
// with open, fstat, two preads and close, on no stream buffer: a checkpoint
// of 12,723 shards reads as many headers.
absl::StatusOr<HeaderFile> ReadHeaderFile(const std::string& path) {
  uint64_t file_size = 0;
  ASSIGN_OR_RETURN(const int fd, OpenRegularFile(path, &file_size));
  const FileCloser closer{fd};
  if (file_size < 8) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte 0: truncated: ", file_size,
                     " bytes, shorter than the 8-byte header length"));
  }
  unsigned char bytes[8];
  if (!ReadFully(fd, reinterpret_cast<char*>(bytes), 8, 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte 0: read error: ", std::strerror(errno)));
  }
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | bytes[i];
  if (length > kMaxSafetensorsHeader) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte 0: header length ", length, " is over the ",
                     kMaxSafetensorsHeader, "-byte cap"));
  }
  if (length > file_size - 8) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte 0: header length ", length,
                     " runs past the end of the ", file_size, "-byte file"));
  }
  HeaderFile file;
  file.length = static_cast<size_t>(length);
  file.data_size = file_size - 8 - length;
  // Straight into a buffer with simdjson's padding, parsed in place.
  file.text.reset(new char[file.length + simdjson::SIMDJSON_PADDING]);
  std::memset(file.text.get() + file.length, 0, simdjson::SIMDJSON_PADDING);
  if (!ReadFully(fd, file.text.get(), file.length, 8)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte 8: read error: ", std::strerror(errno)));
  }
  return file;
}

}  // namespace

namespace {

// Every tier in turn: the scanner, then the later ones. `padded` as for
// FastParseSafetensorsHeader.
absl::StatusOr<std::vector<CheckpointTensor>> ParseTiered(
    absl::string_view header, uint64_t data_size, absl::string_view path,
    bool padded) {
  std::optional<std::vector<CheckpointTensor>> scanned =
      ScanSafetensorsHeader(header, data_size, path);
  if (scanned.has_value()) return *std::move(scanned);
  return ParseLaterTiers(header, data_size, path, padded);
}

}  // namespace

absl::StatusOr<std::vector<CheckpointTensor>> ParseSafetensorsHeader(
    absl::string_view header, uint64_t data_size, absl::string_view path) {
  return ParseTiered(header, data_size, path, /*padded=*/false);
}

absl::StatusOr<std::vector<CheckpointTensor>> ReadSafetensorsHeader(
    const std::string& path) {
  ASSIGN_OR_RETURN(const HeaderFile file, ReadHeaderFile(path));
  return ParseTiered(file.json(), file.data_size, path, /*padded=*/true);
}

absl::StatusOr<SafetensorsHeader> ReadSafetensorsHeaderTensors(
    const std::string& path) {
  ASSIGN_OR_RETURN(HeaderFile file, ReadHeaderFile(path));
  SafetensorsHeader header;
  std::optional<std::vector<HeaderTensor>> scanned =
      ScanHeaderTensors(file.json(), file.data_size);
  if (scanned.has_value()) {
    header.tensors_ = *std::move(scanned);
    header.text_ = std::move(file.text);  // which the names point into
    return header;
  }
  ASSIGN_OR_RETURN(header.parsed_, ParseLaterTiers(file.json(), file.data_size,
                                                   path, /*padded=*/true));
  header.tensors_.reserve(header.parsed_.size());
  for (const CheckpointTensor& tensor : header.parsed_) {
    header.tensors_.push_back({tensor.name(),
                               tensor.dtype(),
                               {tensor.shape().begin(), tensor.shape().end()}});
  }
  return header;
}

}  // namespace weightwalk
