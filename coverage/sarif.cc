#include "coverage/sarif.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/json_writer.h"
#include "coverage/registry.h"
#include "coverage/report.h"

namespace weightwalk {
namespace {

JsonObject Text(absl::string_view text) {
  JsonObject message;
  message.Set("text", std::string(text));
  return message;
}

// "phantom-parameter" -> "PhantomParameter", SARIF's rule name.
std::string RuleName(absl::string_view id) {
  std::string name;
  for (absl::string_view word : absl::StrSplit(id, '-')) {
    if (word.empty()) continue;
    name += absl::ascii_toupper(word.front());
    name.append(word.data() + 1, word.size() - 1);
  }
  return name;
}

std::string Sentence(absl::string_view summary) {
  std::string sentence(summary);
  if (!sentence.empty()) sentence[0] = absl::ascii_toupper(sentence[0]);
  return sentence + ".";
}

std::string Level(Severity severity) {
  return severity == WARNING ? "warning" : "error";
}

JsonObject RuleDescriptor(const Rule& rule) {
  JsonObject descriptor;
  descriptor.Set("id", std::string(rule.id));
  descriptor.Set("name", RuleName(rule.id));
  descriptor.Set("shortDescription", Text(Sentence(rule.summary)));
  descriptor.Set("fullDescription", Text(std::string(rule.why)));
  // The documentation's link is in the help: SARIF's helpUri must be an
  // absolute URI, and docs/RULES.md is a path in the repository.
  const std::string documentation = RuleDocumentation(rule.id);
  JsonObject help;
  help.Set("text", absl::StrCat(rule.why, " Fix: ", rule.fix, " See ",
                                documentation, "."));
  help.Set("markdown", absl::StrCat("**Why it matters.** ", rule.why,
                                    "\n\n**Fix.** ", rule.fix, "\n\nSee [",
                                    documentation, "](", documentation, ")."));
  descriptor.Set("help", help);
  JsonObject configuration;
  configuration.Set("level", Level(rule.severity));
  descriptor.Set("defaultConfiguration", configuration);
  return descriptor;
}

JsonObject Location(const std::string& location) {
  const SourcePlace place = ParseLocation(location);
  JsonObject artifact;
  artifact.Set("uri", PathUri(place.file));
  if (!absl::StartsWith(place.file, "/")) artifact.Set("uriBaseId", "SRCROOT");
  JsonObject physical;
  physical.Set("artifactLocation", artifact);
  if (place.line > 0) {
    JsonObject region;
    region.Set("startLine", place.line);
    if (place.column > 0) region.Set("startColumn", place.column);
    physical.Set("region", region);
  }
  JsonObject wrapper;
  wrapper.Set("physicalLocation", physical);
  return wrapper;
}

JsonObject Result(const CoverageReport& report, const Finding& finding,
                  const std::map<std::string, int>& rule_index) {
  JsonObject result;
  result.Set("ruleId", finding.rule());
  const auto index = rule_index.find(finding.rule());
  if (index != rule_index.end()) result.Set("ruleIndex", index->second);
  result.Set("level", Level(finding.severity()));
  std::string message = finding.message();
  if (!finding.did_you_mean().empty()) {
    absl::StrAppend(&message, " Did you mean ",
                    absl::StrJoin(finding.did_you_mean(), ", "), "?");
  }
  result.Set("message", Text(message));
  if (!finding.location().empty()) {
    result.SetObjects("locations", {Location(finding.location())});
  }
  if (finding.suppressed()) {
    JsonObject suppression;
    suppression.Set("kind", "external");
    suppression.Set("justification", finding.suppression_reason());
    result.SetObjects("suppressions", {suppression});
  }
  JsonObject properties;
  properties.Set("fixture", report.fixture());
  properties.Set("format", report.format());
  properties.SetStrings("subjects",
                        std::vector<std::string>(finding.subjects().begin(),
                                                 finding.subjects().end()));
  result.Set("properties", properties);
  return result;
}

}  // namespace

SourcePlace ParseLocation(absl::string_view location) {
  SourcePlace place;
  // Up to two trailing ":<number>" parts: the line, then the column.
  int numbers[2] = {0, 0};
  int found = 0;
  while (found < 2) {
    const size_t colon = location.rfind(':');
    int number = 0;
    if (colon == absl::string_view::npos ||
        !absl::SimpleAtoi(location.substr(colon + 1), &number) || number <= 0 ||
        colon == 0) {
      break;
    }
    numbers[found++] = number;
    location = location.substr(0, colon);
  }
  place.file = std::string(location);
  if (found == 1) place.line = numbers[0];
  if (found == 2) {
    place.line = numbers[1];
    place.column = numbers[0];
  }
  return place;
}

std::string PathUri(absl::string_view path) {
  std::string uri = absl::StartsWith(path, "/") ? "file://" : "";
  for (const char c : path) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || c == '/' || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      uri.push_back(c);
    } else {
      absl::StrAppendFormat(&uri, "%%%02X", u);
    }
  }
  return uri;
}

std::string RenderSarif(const std::vector<CoverageReport>& reports) {
  JsonObject driver;
  driver.Set("name", "weightwalk");
  driver.Set("informationUri", "README.md");
  driver.Set("semanticVersion", "0.1.0");
  std::vector<JsonObject> rules;
  std::map<std::string, int> rule_index;
  for (const Rule* rule : AllRules()) {
    rule_index[std::string(rule->id)] = static_cast<int>(rules.size());
    rules.push_back(RuleDescriptor(*rule));
  }
  driver.SetObjects("rules", std::move(rules));
  JsonObject tool;
  tool.Set("driver", driver);

  std::vector<JsonObject> results;
  std::vector<JsonObject> counts;
  for (const CoverageReport& report : reports) {
    for (const Finding& finding : report.findings()) {
      results.push_back(Result(report, finding, rule_index));
    }
    for (const RuleCount& count : report.counts()) {
      JsonObject entry;
      entry.Set("fixture", report.fixture());
      entry.Set("rule", count.rule());
      entry.Set("findings", count.findings());
      entry.Set("suppressed", count.suppressed());
      entry.Set("omitted", count.omitted());
      counts.push_back(std::move(entry));
    }
  }
  JsonObject run;
  run.Set("tool", tool);
  JsonObject root_base;
  root_base.Set("description",
                Text("The directory weightwalk ran in: the repository root "
                     "for converters/ paths."));
  JsonObject bases;
  bases.Set("SRCROOT", root_base);
  run.Set("originalUriBaseIds", bases);
  run.SetObjects("results", std::move(results));
  JsonObject properties;
  properties.SetObjects("counts", std::move(counts));
  run.Set("properties", properties);

  JsonObject log;
  log.Set("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  log.Set("version", "2.1.0");
  log.SetObjects("runs", {run});
  return log.ToString();
}

}  // namespace weightwalk
