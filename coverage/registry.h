// The rule registry, and running every rule over a fixture.
//
// `weightwalk audit`, the per-fixture Bazel tests and the build validations
// all go through RunRules, so a rule registered here runs everywhere.
#ifndef WEIGHTWALK_COVERAGE_REGISTRY_H_
#define WEIGHTWALK_COVERAGE_REGISTRY_H_

#include <cstddef>
#include <vector>

#include "coverage/context.h"
#include "coverage/finding.pb.h"
#include "coverage/rule.h"
#include "coverage/suppressions.h"

namespace weightwalk {

// Every rule, sorted by id.
const std::vector<const Rule*>& AllRules();

// How many findings a rule lists by default (--max_findings).
inline constexpr size_t kDefaultMaxFindings = 1000;

// Runs every rule, matching each finding with `suppressions` (if any).
// Each rule lists its first `max_findings` findings (0: all) and counts
// every one. Findings are sorted by rule id, then subjects, then message,
// so the report is deterministic.
CoverageReport RunRules(const CoverageContext& context,
                        const Suppressions* suppressions = nullptr,
                        size_t max_findings = kDefaultMaxFindings);

// Whether any finding that is not suppressed has ERROR severity, listed
// or only counted.
bool HasErrors(const CoverageReport& report);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_REGISTRY_H_
