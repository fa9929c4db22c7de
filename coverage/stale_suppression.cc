#include "coverage/stale_suppression.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace weightwalk {

const Rule kStaleSuppression = {
    /*id=*/"stale-suppression",
    /*severity=*/ERROR,
    /*summary=*/
    "a suppression that matched nothing in this run",
    /*why=*/
    "A suppression that no longer matches hides nothing but still reads "
    "as an accepted problem; left in place it would silently excuse the "
    "next, different problem that happens to match.",
    /*fix=*/
    "Delete the suppression if the problem is gone, or fix its pattern "
    "so it matches the finding it is meant for.",
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
                           "pattern."),
              {},
              // "file:line:column" when it was read from a file.
              absl::StrContains(origin, ": ") ? "" : std::string(origin));
}

}  // namespace weightwalk
