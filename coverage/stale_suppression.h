// stale-suppression: a suppression that matched no finding in this run.
// The problem it excused is gone (delete it) or its pattern no longer
// matches (fix it); either way it must not linger, as pytest's strict xfail.
//
// Unlike the other rules it does not read the manifests: applying
// suppressions (coverage/suppressions.h) reports it.
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
