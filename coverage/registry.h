// The rule registry, and running every rule over a fixture.
//
// `weightwalk audit`, the per-fixture Bazel tests and the build validations
// all go through RunRules, so a rule registered here runs everywhere.
#ifndef WEIGHTWALK_COVERAGE_REGISTRY_H_
#define WEIGHTWALK_COVERAGE_REGISTRY_H_

#include <vector>

#include "coverage/context.h"
#include "coverage/finding.pb.h"
#include "coverage/rule.h"
#include "coverage/suppressions.h"

namespace weightwalk {

// Every rule, sorted by id.
const std::vector<const Rule*>& AllRules();

// Runs every rule, then applies `suppressions` (if any). Findings are
// sorted by rule id, then subjects, then message, so the report is
// deterministic.
CoverageReport RunRules(const CoverageContext& context,
                        const Suppressions* suppressions = nullptr);

// Whether any finding that is not suppressed has ERROR severity.
bool HasErrors(const CoverageReport& report);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_REGISTRY_H_
