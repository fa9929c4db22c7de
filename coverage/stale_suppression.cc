#include "coverage/stale_suppression.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {

const Rule kStaleSuppression = {
    "stale-suppression", ERROR,
    "a suppression that matched nothing in this run",
    /*check=*/nullptr};

void ReportStaleSuppression(const Suppression& suppression,
                            absl::string_view origin,
                            std::vector<Finding>* findings) {
  FindingSink sink(kStaleSuppression.id, kStaleSuppression.severity, findings);
  sink.Report({suppression.pattern()},
              absl::StrCat("the suppression at ", origin, " of ",
                           suppression.rule(), " for \"", suppression.pattern(),
                           "\" (reason: ", suppression.reason(),
                           ") matched nothing: the problem it excused is gone "
                           "or the pattern is wrong. Delete it, or fix its "
                           "pattern."));
}

}  // namespace weightwalk
