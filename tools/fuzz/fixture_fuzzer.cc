// Fuzzes fixture textproto resolution: the input is a fixture file named
// fuzz.textproto beside copies of the bundled fixtures, so `parent:` chains
// into real fixtures (and back into the input, for cycles). What loads is
// carried through resolution, the parameter manifest, the converter
// manifest of its checkpoint format, the rules and the reports.
//
// Invariants beyond "no crash, leak or sanitizer report": a load error
// names a file in the fixture directory.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/match.h"
#include "model/fixture.h"
#include "tools/fuzz/fuzz_files.h"
#include "tools/fuzz/fuzz_pipeline.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // The bundled fixtures are runfiles: `bazel run` and `bazel test` start
  // in the runfiles tree of the workspace.
  namespace fs = std::filesystem;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator("fixtures", error)) {
    if (entry.path().extension() != ".textproto") continue;
    fs::copy_file(
        entry.path(),
        fs::path(weightwalk::FuzzScratchDir()) / entry.path().filename(),
        fs::copy_options::overwrite_existing, error);
    if (error)
      weightwalk::FuzzInvariantBroken("cannot copy " + entry.path().string());
  }
  if (error) {
    weightwalk::FuzzInvariantBroken(
        "cannot list fixtures/ (run under bazel run or bazel test): " +
        error.message());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path =
      weightwalk::WriteFuzzFile("fuzz.textproto", data, size);
  const absl::StatusOr<weightwalk::LoadedFixture> fixture =
      weightwalk::LoadFixture(path);
  if (!fixture.ok()) {
    if (!absl::StartsWith(fixture.status().message(),
                          weightwalk::FuzzScratchDir())) {
      weightwalk::FuzzInvariantBroken("error does not name the file: " +
                                      fixture.status().ToString());
    }
    return 0;
  }
  weightwalk::RunModelThroughCheck(fixture->model, fixture->checkpoint_format);
  return 0;
}
