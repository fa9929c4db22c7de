#include "coverage/report.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace weightwalk {

std::string RenderText(const CoverageReport& report) {
  std::string text =
      absl::StrCat(report.fixture(), " (format ", report.format(), "): ");
  if (report.findings().empty()) return absl::StrCat(text, "clean\n");
  absl::StrAppend(&text, report.findings_size(),
                  report.findings_size() == 1 ? " finding\n" : " findings\n");
  for (const Finding& finding : report.findings()) {
    absl::StrAppend(&text,
                    absl::AsciiStrToLower(Severity_Name(finding.severity())),
                    ": ", finding.rule(), ": ", finding.message(), "\n");
  }
  return text;
}

}  // namespace weightwalk
