// Rendering a coverage report for people.
//
//   llama (format llama): 2 findings
//   error: unconverted-parameter: head.final_norm.weight [256] has no ...
//   error: phantom-parameter: the RENAME converter ... consumes ...
//
// or "llama (format llama): clean" when there are none.
#ifndef WEIGHTWALK_COVERAGE_REPORT_H_
#define WEIGHTWALK_COVERAGE_REPORT_H_

#include <string>

#include "coverage/finding.pb.h"

namespace weightwalk {

std::string RenderText(const CoverageReport& report);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_REPORT_H_
