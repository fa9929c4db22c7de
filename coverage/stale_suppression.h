// The stale-suppression rule, documented where it is written
// (stale_suppression.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_STALE_SUPPRESSION_H_
#define WEIGHTWALK_COVERAGE_STALE_SUPPRESSION_H_

#include "absl/strings/string_view.h"
#include "coverage/finding.pb.h"
#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kStaleSuppression;

// Reports `suppression`, from `origin` ("file:entry"), as stale.
void ReportStaleSuppression(const Suppression& suppression,
                            absl::string_view origin,
                            std::vector<Finding>* findings);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_STALE_SUPPRESSION_H_
