// Writes a fixture's parameter manifest. Run by the Bazel fixture macro
// (tools/weightwalk.bzl):
//
//   generate_parameter_manifest --fixture=fixtures/llama.textproto
//     --output=llama.parameters.textproto
//
// Exit 0 on success, 2 on bad input (nothing is written).
#include <cstdio>

#include "base/args.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

absl::Status Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string fixture, args.TakeRequired("fixture"));
  ASSIGN_OR_RETURN(const std::string output, args.TakeRequired("output"));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const FixtureModel model, LoadFixtureModel(fixture));
  return WriteTextProto(output, model.parameters,
                        "model/parameter_manifest.proto");
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMainWithStatus("generate_parameter_manifest", argc,
                                       argv, weightwalk::Run);
}
