// Fuzzes config.json import for every format: the JSON parser, format
// detection, and each format's import forced with --format, then the rest
// of `weightwalk check` on what import accepts, and an export and re-import
// of it in both transformers layouts.
//
// Invariants beyond "no crash, leak or sanitizer report": every import error
// names the file; a model that exports re-imports.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "converters/hf/hf_config.h"
#include "tools/fuzz/fuzz_files.h"
#include "tools/fuzz/fuzz_pipeline.h"

namespace weightwalk {
namespace {

constexpr absl::string_view kPath = "config.json";

void RequireNamesFile(const absl::Status& status) {
  if (!absl::StartsWith(status.message(), kPath)) {
    FuzzInvariantBroken("error does not name the file: " + status.ToString());
  }
}

void ImportAs(const JsonValue& config, absl::string_view format) {
  const absl::StatusOr<HfImport> imported =
      ImportHfConfig(config, kPath, format);
  if (!imported.ok()) {
    RequireNamesFile(imported.status());
    return;
  }
  RunModelThroughCheck(imported->model, imported->format);
  for (const TransformersLayout layout :
       {TransformersLayout::kV4, TransformersLayout::kV5}) {
    const absl::StatusOr<std::string> exported =
        ExportHfConfig(imported->model, imported->format, layout);
    if (!exported.ok()) continue;
    const absl::StatusOr<JsonValue> reparsed = ParseJson(*exported, kPath);
    if (!reparsed.ok()) {
      FuzzInvariantBroken("export wrote JSON that does not parse: " +
                          reparsed.status().ToString() + "\n" + *exported);
    }
    const absl::StatusOr<HfImport> again =
        ImportHfConfig(*reparsed, kPath, imported->format);
    if (!again.ok()) {
      FuzzInvariantBroken("an exported config does not import: " +
                          again.status().ToString() + "\n" + *exported);
    }
  }
}

}  // namespace
}  // namespace weightwalk

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weightwalk;  // NOLINT: a fuzz entry point
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<JsonValue> config = ParseJson(text, kPath);
  if (!config.ok()) {
    RequireNamesFile(config.status());
    return 0;
  }
  ImportAs(*config, "");
  for (const std::string& format : ImportableFormats()) {
    ImportAs(*config, format);
  }
  return 0;
}
