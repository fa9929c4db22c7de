#include "coverage/suppressions.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "coverage/stale_suppression.h"
#include "google/protobuf/text_format.h"

namespace weightwalk {
namespace {

// "path:line:column" of each `suppressions { ... }` entry, from the
// locations ReadTextProto recorded.
std::vector<std::string> EntryLocations(
    const std::string& path, const SuppressionList& list,
    const google::protobuf::TextFormat::ParseInfoTree& tree) {
  const google::protobuf::FieldDescriptor* field =
      SuppressionList::descriptor()->FindFieldByName("suppressions");
  std::vector<std::string> locations;
  for (int i = 0; i < list.suppressions_size(); ++i) {
    const google::protobuf::TextFormat::ParseLocation at =
        tree.GetLocation(field, i);
    locations.push_back(
        absl::StrCat(path, ":", at.line + 1, ":", at.column + 1));
  }
  return locations;
}

}  // namespace

absl::StatusOr<Suppressions> Suppressions::Load(
    const std::vector<std::string>& paths,
    const std::vector<const Rule*>& rules) {
  Suppressions suppressions;
  for (const std::string& path : paths) {
    SuppressionList list;
    google::protobuf::TextFormat::ParseInfoTree tree;
    RETURN_IF_ERROR(ReadTextProto(path, &list, &tree));
    RETURN_IF_ERROR(
        suppressions.Add(list, path, EntryLocations(path, list, tree), rules));
  }
  return suppressions;
}

absl::StatusOr<Suppressions> Suppressions::FromList(
    const SuppressionList& list, const std::string& origin,
    const std::vector<const Rule*>& rules) {
  Suppressions suppressions;
  RETURN_IF_ERROR(suppressions.Add(list, origin, {}, rules));
  return suppressions;
}

absl::Status Suppressions::Add(const SuppressionList& list,
                               const std::string& origin,
                               const std::vector<std::string>& locations,
                               const std::vector<const Rule*>& rules) {
  for (int i = 0; i < list.suppressions_size(); ++i) {
    const Suppression& suppression = list.suppressions(i);
    const std::string where =
        static_cast<size_t>(i) < locations.size()
            ? locations[i]
            : absl::StrCat(origin, ": suppressions[", i, "]");
    const bool known = std::any_of(
        rules.begin(), rules.end(),
        [&](const Rule* rule) { return rule->id == suppression.rule(); });
    if (!known) {
      std::vector<std::string> ids;
      for (const Rule* rule : rules) ids.emplace_back(rule->id);
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown rule \"", suppression.rule(),
                       "\"; rules: ", absl::StrJoin(ids, ", ")));
    }
    if (absl::StripAsciiWhitespace(suppression.reason()).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": reason is required: say why this ",
                       suppression.rule(), " finding is acceptable"));
    }
    auto pattern = std::make_unique<RE2>(suppression.pattern(), RE2::Quiet);
    if (suppression.pattern().empty() || !pattern->ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": pattern \"", suppression.pattern(),
          "\" is not a valid RE2 pattern",
          pattern->ok() ? "" : absl::StrCat(": ", pattern->error())));
    }
    entries_.push_back(Entry{suppression, where, std::move(pattern)});
  }
  return absl::OkStatus();
}

const Suppression* Suppressions::Matcher::Match(
    absl::string_view rule, const std::vector<std::string>& subjects) {
  const Suppression* first = nullptr;
  for (size_t i = 0; i < suppressions_.entries_.size(); ++i) {
    const Entry& entry = suppressions_.entries_[i];
    if (entry.suppression.rule() != rule) continue;
    const bool matches = std::any_of(
        subjects.begin(), subjects.end(), [&](const std::string& subject) {
          return RE2::FullMatch(subject, *entry.pattern);
        });
    if (!matches) continue;
    used_[i] = true;
    if (first == nullptr) first = &entry.suppression;
  }
  return first;
}

void Suppressions::ReportStale(const std::vector<bool>& used,
                               std::vector<Finding>* findings) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i >= used.size() || !used[i]) {
      ReportStaleSuppression(entries_[i].suppression, entries_[i].origin,
                             findings);
    }
  }
}

void Suppressions::Apply(std::vector<Finding>* findings) const {
  Matcher matcher(*this);
  for (Finding& finding : *findings) {
    const std::vector<std::string> subjects(finding.subjects().begin(),
                                            finding.subjects().end());
    const Suppression* suppression = matcher.Match(finding.rule(), subjects);
    if (suppression != nullptr && !finding.suppressed()) {
      finding.set_suppressed(true);
      finding.set_suppression_reason(suppression->reason());
    }
  }
  ReportStale(matcher.used(), findings);
}

}  // namespace weightwalk
