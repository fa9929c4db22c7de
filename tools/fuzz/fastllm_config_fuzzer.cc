// Fuzzes the reader of Fast-LLM config files (YAML and JSON through
// yaml-cpp, PyYAML's scalar rules, the schema walk): what it accepts is
// carried through resolution, both manifests, the rules and the reports.
//
// Invariants beyond "no crash, leak or sanitizer report": an error names
// the file, and an accepted config's format is empty or one weightwalk
// knows of.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "model/fastllm_config.h"
#include "tools/fuzz/fuzz_files.h"
#include "tools/fuzz/fuzz_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<weightwalk::FastLlmConfig> config =
      weightwalk::ParseFastLlmConfig(text, "fuzz.yaml");
  if (!config.ok()) {
    if (!absl::StartsWith(config.status().message(), "fuzz.yaml")) {
      weightwalk::FuzzInvariantBroken("error does not name the file: " +
                                      config.status().ToString());
    }
    return 0;
  }
  for (const std::string& warning : config->warnings) {
    if (!absl::StartsWith(warning, "fuzz.yaml:")) {
      weightwalk::FuzzInvariantBroken("warning does not name the place: " +
                                      warning);
    }
  }
  weightwalk::RunModelThroughCheck(config->model, config->format);
  return 0;
}
