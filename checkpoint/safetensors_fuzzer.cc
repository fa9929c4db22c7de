// Fuzzes the safetensors header reader on whole files: the 8-byte length,
// the JSON header and the byte ranges it claims.
//
// Invariants beyond "no crash, leak or sanitizer report": an error names
// the file; an accepted header's tensors have a name, a known dtype and a
// shape of non-negative sizes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
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
  for (const weightwalk::CheckpointTensor& tensor : *tensors) {
    if (tensor.name().empty()) FuzzInvariantBroken("a tensor without a name");
    if (weightwalk::DtypeSize(tensor.dtype()) <= 0) {
      FuzzInvariantBroken("accepted dtype " + tensor.dtype());
    }
    for (const int64_t size : tensor.shape()) {
      if (size < 0) FuzzInvariantBroken("negative size in " + tensor.name());
    }
  }
  return 0;
}
