// Coverage reports as SARIF 2.1.0, the format code-review and code-scanning
// tools read (GitHub code scanning, Azure DevOps, VS Code's SARIF viewer).
//
//   std::string sarif = RenderSarif({report});        // one fixture
//   std::string sarif = RenderSarif(audit_reports);   // every fixture, one run
//
// One run of the tool "weightwalk": every registered rule with its summary,
// why it matters, how to fix it and a link to its section of docs/RULES.md
// (in its help: SARIF's helpUri must be absolute); one
// result per listed finding, with its level, message, and physical location
// when the finding has one (Finding.location: the line of converters/ that
// declared a converter, a config.json key, a suppression, a checkpoint
// file). A suppressed finding carries its suppression and reason. Relative
// paths are relative to SRCROOT, the directory weightwalk ran in (the
// repository root for converters/ paths); absolute ones are file: URIs.
// Each rule's exact count (listed or not) is in the run's properties.
#ifndef WEIGHTWALK_COVERAGE_SARIF_H_
#define WEIGHTWALK_COVERAGE_SARIF_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

std::string RenderSarif(const std::vector<CoverageReport>& reports);

// A finding's location as SARIF needs it: the file, and the line and
// column when the location has them ("a.cc:42", "config.json:3:5").
struct SourcePlace {
  std::string file;
  int line = 0;    // 0: none
  int column = 0;  // 0: none
};
SourcePlace ParseLocation(absl::string_view location);

// `path` as a URI reference: percent-encoded, "file://" before an
// absolute path.
std::string PathUri(absl::string_view path);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_SARIF_H_
