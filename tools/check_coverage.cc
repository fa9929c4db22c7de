// Runs every coverage rule over a fixture's two manifests. Used by the
// per-fixture Bazel test and build validation (tools/weightwalk.bzl).
//
//   check_coverage --parameters=llama.parameters.textproto
//     --converters=llama.converters.textproto [--report=OUT]
//     [--max_findings=N]
//
// Prints the report. Exit 0 when there is no error finding (and then writes
// the report as a textproto to --report, if given), 1 on error findings,
// 2 on bad input.
//
// With --expected=FILE (a CoverageReport textproto), the findings must be
// exactly those of FILE instead: exit 0 when they are, 1 with both sides
// printed when they are not. Negative tests use this to pin their findings.
#include <cstdio>
#include <string>

#include "absl/strings/str_split.h"
#include "base/args.h"
#include "base/status_macros.h"
#include "base/terminal.h"
#include "base/textproto.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/render.h"
#include "coverage/report.h"
#include "coverage/suppressions.h"
#include "google/protobuf/util/message_differencer.h"

namespace weightwalk {
namespace {

constexpr char kReportProto[] = "coverage/finding.proto";

absl::StatusOr<int> Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string parameters_path,
                   args.TakeRequired("parameters"));
  ASSIGN_OR_RETURN(const std::string converters_path,
                   args.TakeRequired("converters"));
  const std::string report_path = args.Take("report").value_or("");
  const std::string expected_path = args.Take("expected").value_or("");
  const std::string suppression_paths = args.Take("suppressions").value_or("");
  const std::string checkpoint_path = args.Take("checkpoint").value_or("");
  ASSIGN_OR_RETURN(const OutputFormat output,
                   ParseOutputFormat(args.Take("output").value_or("text")));
  ASSIGN_OR_RETURN(const uint64_t max_findings,
                   args.TakeCount("max_findings", kDefaultMaxFindings));
  RETURN_IF_ERROR(args.CheckAllTaken());

  ParameterManifest parameters;
  ConverterManifest converters;
  RETURN_IF_ERROR(ReadTextProto(parameters_path, &parameters));
  RETURN_IF_ERROR(ReadTextProto(converters_path, &converters));
  ASSIGN_OR_RETURN(const Suppressions suppressions,
                   Suppressions::Load(absl::StrSplit(suppression_paths, ',',
                                                     absl::SkipEmpty()),
                                      AllRules()));
  CheckpointManifest checkpoint;
  if (!checkpoint_path.empty()) {
    RETURN_IF_ERROR(ReadTextProto(checkpoint_path, &checkpoint));
  }
  const CoverageReport report =
      RunRules(CoverageContext(parameters, converters,
                               checkpoint_path.empty() ? nullptr : &checkpoint),
               &suppressions, max_findings);
  const std::string text = RenderReport(report, output);

  if (!expected_path.empty()) {
    CoverageReport expected;
    RETURN_IF_ERROR(ReadTextProto(expected_path, &expected));
    if (google::protobuf::util::MessageDifferencer::Equals(expected, report)) {
      WriteAll(stdout, text);
      return kExitClean;
    }
    std::fprintf(stderr,
                 "check_coverage: the findings differ from %s\n"
                 "--- expected\n%s--- actual\n%s",
                 expected_path.c_str(),
                 FormatTextProto(expected, kReportProto).c_str(),
                 FormatTextProto(report, kReportProto).c_str());
    return kExitFindings;
  }

  WriteAll(stdout, text);
  if (HasErrors(report)) return kExitFindings;
  if (!report_path.empty()) {
    RETURN_IF_ERROR(WriteTextProto(report_path, report, kReportProto));
  }
  return kExitClean;
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMain("check_coverage", argc, argv, weightwalk::Run);
}
