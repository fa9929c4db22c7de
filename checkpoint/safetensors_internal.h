// What the tiers of the safetensors header reader share (safetensors.cc,
// safetensors_strict.cc); not for use outside checkpoint/.
#ifndef WEIGHTWALK_CHECKPOINT_SAFETENSORS_INTERNAL_H_
#define WEIGHTWALK_CHECKPOINT_SAFETENSORS_INTERNAL_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace weightwalk {
namespace safetensors_internal {

// The largest dimension or offset weightwalk reads: JSON numbers past 2^53
// are not exact in most readers, and no real tensor comes near it.
inline constexpr uint64_t kMaxHeaderInteger = uint64_t{1} << 53;

// The file name of a shard's path, as a tensor's `shard`.
std::string BaseName(absl::string_view path);

// True when a tensor of `elements` elements of `bits` bits each (0: an
// unknown dtype) fits data_offsets [begin, end) of `data_size` bytes
// exactly: a whole number of bytes (sub-byte dtypes pack), and no more.
bool BytesMatch(int bits, uint64_t elements, uint64_t begin, uint64_t end,
                uint64_t data_size);

}  // namespace safetensors_internal
}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_SAFETENSORS_INTERNAL_H_
