// Reading safetensors headers, and only headers: an 8-byte little-endian
// length N, then N bytes of JSON
//
//   {"__metadata__": {"format": "pt"},
//    "model.embed_tokens.weight": {"dtype": "BF16", "shape": [384, 256],
//                                  "data_offsets": [0, 196608]}, ...}
//
// then the tensor data, which is never read: a 100 GB checkpoint is checked
// from its headers in milliseconds.
//
// Strict and bounded. Rejected, with the file and the byte offset or JSON
// line: a file shorter than 8 bytes; a header longer than 16 MiB or than
// the file; invalid JSON (duplicate keys included); `__metadata__` that is
// not an object of strings; a tensor entry with unknown or missing fields,
// an unknown dtype, a negative or non-integer dimension or offset; a byte
// length that disagrees with shape x dtype size; offsets outside the data;
// and offsets that overlap or leave gaps (the tensors must tile the data
// exactly, in offset order).
#ifndef WEIGHTWALK_CHECKPOINT_SAFETENSORS_H_
#define WEIGHTWALK_CHECKPOINT_SAFETENSORS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "checkpoint/checkpoint_manifest.pb.h"

namespace weightwalk {

// The most header bytes weightwalk reads: about 200,000 tensors of
// typical names in one file. The format itself allows 100,000,000 bytes,
// but a checkpoint that large is sharded (a shard's header lists hundreds
// or a few thousand tensors), and a header is read whole into memory, so a
// stranger's 100 MB header would cost weightwalk several hundred MB.
inline constexpr uint64_t kMaxSafetensorsHeader = uint64_t{16} << 20;

// The dtype a header names `name` ("BF16": DTYPE_BF16), or DTYPE_UNKNOWN.
Dtype ParseDtype(absl::string_view name);

// The name a header gives `dtype` ("BF16"); empty for DTYPE_UNKNOWN.
absl::string_view DtypeName(Dtype dtype);

// The size in bits of one element of `dtype` (DTYPE_BF16: 16, DTYPE_F4: 4),
// or 0 for
// DTYPE_UNKNOWN.
int DtypeBits(Dtype dtype);

// Checks a header given the JSON text and the size of the data that
// follows it; tensors in file (JSON) order, `shard` set to `path`'s base
// name. `path` is used in error messages.
//
// Three tiers, like the weight index's (index.h): a scanner reads a header
// as the safetensors library writes it (ScanSafetensorsHeader, below);
// simdjson's DOM parser reads any other header that passes every check; and
// anything neither accepts whole goes to the strict tier, which decides and
// explains. All must accept exactly the same headers and return the same
// tensors (tested, and fuzzed by //tools/fuzz:safetensors_fuzzer).
absl::StatusOr<std::vector<CheckpointTensor>> ParseSafetensorsHeader(
    absl::string_view header, uint64_t data_size, absl::string_view path);

// The first tier alone: the header's tensors when it is in the subset of
// JSON checkpoint/json_scanner.h reads (printable-ASCII strings without
// escapes, integers of at most 18 digits), each tensor has exactly its
// three fields, metadata holds only strings, and every check passes;
// nullopt for anything else, valid or not.
std::optional<std::vector<CheckpointTensor>> ScanSafetensorsHeader(
    absl::string_view header, uint64_t data_size, absl::string_view path);

// The strict tier alone (base/json.h), with line:column errors.
absl::StatusOr<std::vector<CheckpointTensor>> ParseSafetensorsHeaderStrict(
    absl::string_view header, uint64_t data_size, absl::string_view path);

// Reads and checks the header of the safetensors file at `path`.
absl::StatusOr<std::vector<CheckpointTensor>> ReadSafetensorsHeader(
    const std::string& path);

// One tensor of a header as SafetensorsHeader holds it: no string or
// message of its own.
struct HeaderTensor {
  absl::string_view name;
  Dtype dtype = DTYPE_UNKNOWN;
  absl::InlinedVector<int64_t, 4> shape;
};

// A shard's header, checked as ReadSafetensorsHeader checks it, whose
// tensors' names point into the header's own text: for ReadCheckpoint,
// which copies each tensor's dtype and shape onto the index's tensor of
// that name, so that a checkpoint of 12,723 shards and 775,003 tensors
// allocates no name and no message per tensor a second time. Moving it
// keeps the names valid.
class SafetensorsHeader {
 public:
  SafetensorsHeader(SafetensorsHeader&&) = default;
  SafetensorsHeader& operator=(SafetensorsHeader&&) = default;

  // In file (JSON) order, as ReadSafetensorsHeader gives them.
  const std::vector<HeaderTensor>& tensors() const { return tensors_; }

 private:
  friend absl::StatusOr<SafetensorsHeader> ReadSafetensorsHeaderTensors(
      const std::string& path);
  SafetensorsHeader() = default;

  // The header's JSON text, which names point into when the first tier
  // read it.
  std::unique_ptr<char[]> text_;
  // The tensors of a header a later tier read, which names point into
  // then.
  std::vector<CheckpointTensor> parsed_;
  std::vector<HeaderTensor> tensors_;
};

// Reads and checks the header of the safetensors file at `path`, with the
// same errors as ReadSafetensorsHeader.
absl::StatusOr<SafetensorsHeader> ReadSafetensorsHeaderTensors(
    const std::string& path);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_SAFETENSORS_H_
