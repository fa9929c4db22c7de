// `weightwalk audit`: every fixture of a directory checked, and one
// summary of them all.
//
//   weightwalk audit [--fixtures_dir=DIR] [--output=text|markdown|json|
//                                                   textproto|sarif]
//
// Each DIR/*.textproto fixture with a checkpoint format is built and
// checked with its conventional suppressions (DIR/suppressions/<name>
// .textproto), as its Bazel test does. `text` prints a table (fixture,
// format, parameters, converters, findings, verdict) and each failing
// fixture's findings on stderr; `markdown` is the same as a review comment;
// `json` and `textproto` an AuditReport (coverage/finding.proto); `sarif`
// every fixture's findings as one SARIF run. Exit 0 when every fixture
// checked is clean, 1 on a finding, 2 when a fixture is bad input.
#ifndef WEIGHTWALK_TOOLS_AUDIT_H_
#define WEIGHTWALK_TOOLS_AUDIT_H_

#include "absl/status/statusor.h"
#include "base/args.h"

namespace weightwalk {

absl::StatusOr<int> Audit(Args& args);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_AUDIT_H_
