// Fuzzes the weight-map index reader differentially: the fast tiers
// (the canonical-index scanner, then simdjson; ParseWeightIndex) must
// accept exactly what the strict tier accepts and return the same tensors,
// or the same error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "checkpoint/index.h"
#include "checkpoint/index_listing.h"
#include "tools/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr absl::string_view kPath = "model.safetensors.index.json";
  const auto fast = weightwalk::ParseWeightIndex(text, kPath);
  const auto strict = weightwalk::ParseWeightIndexStrict(text, kPath);
  const std::string fast_listing = weightwalk::IndexListing(fast);
  const std::string strict_listing = weightwalk::IndexListing(strict);
  if (fast_listing != strict_listing) {
    weightwalk::FuzzInvariantBroken(
        "the tiers disagree:\nfast: " + fast_listing +
        "\nstrict: " + strict_listing);
  }
  // The scanner (the first tier) may decline anything, but what it takes
  // it must read as the strict tier does.
  const auto scanned = weightwalk::ScanCanonicalWeightIndex(text);
  if (scanned.has_value() &&
      weightwalk::IndexListing(*scanned) != strict_listing) {
    weightwalk::FuzzInvariantBroken("the scanner disagrees:\nscanner: " +
                                    weightwalk::IndexListing(*scanned) +
                                    "\nstrict: " + strict_listing);
  }
  if (!fast.ok() && !absl::StrContains(fast.status().message(), kPath)) {
    weightwalk::FuzzInvariantBroken("error does not name the file: " +
                                    fast.status().ToString());
  }
  return 0;
}
