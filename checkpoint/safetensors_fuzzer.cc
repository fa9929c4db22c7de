// Fuzzes the safetensors header reader on whole files: the 8-byte length,
// the JSON header and the byte ranges it claims.
//
// Invariants beyond "no crash, leak or sanitizer report": an error names
// the file; an accepted header's tensors have a name, a known dtype and a
// shape of non-negative sizes; and the reader's fast tier (simdjson) gives
// the same tensors or the same error as the strict tier on the header the
// file holds (differential, like //checkpoint:index_fuzzer); and naming the
// shard by index instead changes nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "checkpoint/index_listing.h"
#include "checkpoint/safetensors.h"
#include "tools/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using weightwalk::FuzzInvariantBroken;
  const std::string path =
      weightwalk::WriteFuzzFile("model.safetensors", data, size);
  const auto tensors = weightwalk::ReadSafetensorsHeader(path);
  if (!tensors.ok()) {
    if (!absl::StartsWith(tensors.status().message(), path)) {
      FuzzInvariantBroken("error does not name the file: " +
                          tensors.status().ToString());
    }
    return 0;
  }
  // Only an accepted header can differ: what the fast tier rejects goes to
  // the strict tier.
  if (size >= 8) {
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | data[i];
    if (length <= size - 8) {
      const absl::string_view header(reinterpret_cast<const char*>(data) + 8,
                                     length);
      const std::string fast = weightwalk::HeaderListing(
          weightwalk::ParseSafetensorsHeader(header, size - 8 - length, path));
      const std::string strict =
          weightwalk::HeaderListing(weightwalk::ParseSafetensorsHeaderStrict(
              header, size - 8 - length, path));
      if (fast != strict || fast != weightwalk::HeaderListing(tensors)) {
        FuzzInvariantBroken("the tiers disagree:\nfast: " + fast +
                            "\nstrict: " + strict);
      }
      const auto scanned =
          weightwalk::ScanSafetensorsHeader(header, size - 8 - length, path);
      if (scanned.has_value() &&
          weightwalk::HeaderListing(*scanned) != strict) {
        FuzzInvariantBroken("the scanner disagrees:\nscanner: " +
                            weightwalk::HeaderListing(*scanned) +
                            "\nstrict: " + strict);
      }
    }
  }
  for (const weightwalk::CheckpointTensor& tensor : *tensors) {
    if (tensor.name().empty()) FuzzInvariantBroken("a tensor without a name");
    if (weightwalk::DtypeSize(tensor.dtype()) <= 0) {
      FuzzInvariantBroken("accepted a dtype of no size in " + tensor.name());
    }
    for (const int64_t size : tensor.shape()) {
      if (size < 0) FuzzInvariantBroken("negative size in " + tensor.name());
    }
  }
  // Naming the shard by index (as ReadCheckpoint does) changes nothing else.
  const auto by_index = weightwalk::ReadSafetensorsHeader(path, 3);
  if (!by_index.ok() || by_index->size() != tensors->size()) {
    FuzzInvariantBroken("the header reads differently with a shard index");
  }
  for (size_t i = 0; i < tensors->size(); ++i) {
    weightwalk::CheckpointTensor tensor = (*by_index)[i];
    if (!tensor.shard().empty() || tensor.shard_index() != 3) {
      FuzzInvariantBroken("a shard index was not used: " + tensor.name());
    }
    tensor.set_shard((*tensors)[i].shard());
    tensor.set_shard_index((*tensors)[i].shard_index());
    if (tensor.SerializeAsString() != (*tensors)[i].SerializeAsString()) {
      FuzzInvariantBroken("a shard index changed tensor " + tensor.name());
    }
  }
  return 0;
}
