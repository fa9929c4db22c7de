// A coverage report in any output format (report.h renders text, Markdown
// and JSON; sarif.h renders SARIF):
//
//   ASSIGN_OR_RETURN(const OutputFormat format, ParseOutputFormat("sarif"));
//   WriteAll(stdout, RenderReport(report, format));
#ifndef WEIGHTWALK_COVERAGE_RENDER_H_
#define WEIGHTWALK_COVERAGE_RENDER_H_

#include <string>

#include "coverage/finding.pb.h"
#include "coverage/report.h"

namespace weightwalk {

std::string RenderReport(const CoverageReport& report, OutputFormat format);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_RENDER_H_
