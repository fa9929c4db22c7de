// Writes a fixture's converter manifest in one format. Linked with exactly
// one format package per binary (converter_manifest_generator in
// tools/weightwalk.bzl), so a format's change re-runs only its fixtures.
//
//   converter_manifest_generator --fixture=fixtures/llama.textproto
//     --format=llama --output=llama.converters.textproto
//
// `--format` must be the fixture's own checkpoint format, unless
// `--override_format` is given (negative tests run a broken format over a
// real fixture). Exit 0 on success, 2 on bad input (nothing is written).
#include "absl/strings/str_cat.h"
#include "base/args.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "converters/manifest.h"
#include "tools/converter_pipeline.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

absl::Status Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string fixture, args.TakeRequired("fixture"));
  ASSIGN_OR_RETURN(const std::string format, args.TakeRequired("format"));
  ASSIGN_OR_RETURN(const std::string output, args.TakeRequired("output"));
  ASSIGN_OR_RETURN(const bool override_format,
                   args.TakeBool("override_format"));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const FixtureModel model, LoadFixtureModel(fixture));
  if (!override_format && model.fixture.checkpoint_format != format) {
    return absl::InvalidArgumentError(absl::StrCat(
        fixture, ": the fixture's checkpoint_format is \"",
        model.fixture.checkpoint_format, "\" but the build asks for \"", format,
        "\"; make the BUILD file and the fixture agree"));
  }
  ASSIGN_OR_RETURN(ConverterManifest manifest,
                   BuildFixtureConverters(model, format));
  ClearSources(manifest);
  return WriteTextProto(output, manifest,
                        "converters/converter_manifest.proto");
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMainWithStatus("converter_manifest_generator", argc,
                                       argv, weightwalk::Run);
}
