#include "coverage/render.h"

#include "base/textproto.h"
#include "coverage/sarif.h"

namespace weightwalk {

std::string RenderReport(const CoverageReport& report, OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return RenderMarkdown(report);
    case OutputFormat::kJson:
      return RenderJson(report);
    case OutputFormat::kTextProto:
      return FormatTextProto(report, "coverage/finding.proto");
    case OutputFormat::kSarif:
      return RenderSarif({report});
    case OutputFormat::kText:
      break;
  }
  return RenderText(report);
}

}  // namespace weightwalk
