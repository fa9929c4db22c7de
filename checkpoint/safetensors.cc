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
#include "base/status_macros.h"
#include "base/textproto.h"
#include "checkpoint/distinct_names.h"
#include "checkpoint/json_scanner.h"
#include "checkpoint/safetensors_internal.h"
#include "checkpoint/simdjson_checks.h"
#include "simdjson.h"

namespace weightwalk {

namespace safetensors_internal {

std::string BaseName(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == absl::string_view::npos ? path
                                                      : path.substr(slash + 1));
}

bool BytesMatch(int bits, uint64_t elements, uint64_t begin, uint64_t end,
                uint64_t data_size) {
  if (bits <= 0 || begin > end || end > data_size ||
      elements > UINT64_MAX / static_cast<uint64_t>(bits)) {
    return false;
  }
  const uint64_t total_bits = elements * static_cast<uint64_t>(bits);
  return total_bits % 8 == 0 && total_bits / 8 == end - begin;
}

}  // namespace safetensors_internal

using safetensors_internal::BaseName;
using safetensors_internal::BytesMatch;

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

// elements *= size, false when that overflows.
bool MultiplyChecked(uint64_t* elements, uint64_t size) {
  if (size != 0 && *elements > UINT64_MAX / size) return false;
  *elements *= size;
  return true;
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
        absl::StrCat(path, ": byte 0: header length ", length,
                     " is over weightwalk's limit of ", kMaxSafetensorsHeader,
                     " bytes (", kMaxSafetensorsHeader >> 20, " MiB)"));
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
