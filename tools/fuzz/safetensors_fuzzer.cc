// Fuzzes the safetensors header reader on whole files: the 8-byte length,
// the JSON header and the byte ranges it claims.
//
// Invariants beyond "no crash, leak or sanitizer report": an error names
// the file; an accepted header's tensors have a name, a known dtype and a
// shape of non-negative sizes; and the reader's fast tier (simdjson) gives
// the same tensors or the same error as the strict tier on the header the
// file holds (differential, like //tools/fuzz:index_fuzzer); and the
// reader ReadCheckpoint uses (ReadSafetensorsHeaderTensors) reads the same
// tensors.
#include <algorithm>
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
    if (weightwalk::DtypeBits(tensor.dtype()) <= 0) {
      FuzzInvariantBroken("accepted a dtype of no size in " + tensor.name());
    }
    for (const int64_t size : tensor.shape()) {
      if (size < 0) FuzzInvariantBroken("negative size in " + tensor.name());
    }
  }
  // The reader ReadCheckpoint uses gives the same names, dtypes and shapes.
  const auto header = weightwalk::ReadSafetensorsHeaderTensors(path);
  if (!header.ok() || header->tensors().size() != tensors->size()) {
    FuzzInvariantBroken("the header tensors differ in number or status");
  }
  for (size_t i = 0; i < tensors->size(); ++i) {
    const weightwalk::HeaderTensor& tensor = header->tensors()[i];
    const weightwalk::CheckpointTensor& expected = (*tensors)[i];
    if (tensor.name != expected.name() || tensor.dtype != expected.dtype() ||
        !std::equal(tensor.shape.begin(), tensor.shape.end(),
                    expected.shape().begin(), expected.shape().end())) {
      FuzzInvariantBroken("a header tensor differs: " + expected.name());
    }
  }
  return 0;
}
