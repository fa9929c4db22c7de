#include "coverage/registry.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "coverage/checkpoint_name_produced_twice.h"
#include "coverage/checkpoint_shape_mismatch.h"
#include "coverage/index_shard_mismatch.h"
#include "coverage/missing_checkpoint_tensor.h"
#include "coverage/parameter_consumed_twice.h"
#include "coverage/phantom_parameter.h"
#include "coverage/stale_suppression.h"
#include "coverage/transform_shape_mismatch.h"
#include "coverage/unconsumed_checkpoint_tensor.h"
#include "coverage/unconverted_parameter.h"
#include "coverage/unexported_architecture_field.h"
#include "coverage/unimportable_exported_config.h"
#include "coverage/unknown_config_key.h"

namespace weightwalk {

const std::vector<const Rule*>& AllRules() {
  // One line per rule, alphabetical by id.
  static const auto* const rules = new std::vector<const Rule*>{
      &kCheckpointNameProducedTwice,
      &kCheckpointShapeMismatch,
      &kIndexShardMismatch,
      &kMissingCheckpointTensor,
      &kParameterConsumedTwice,
      &kPhantomParameter,
      &kStaleSuppression,
      &kTransformShapeMismatch,
      &kUnconsumedCheckpointTensor,
      &kUnconvertedParameter,
      &kUnexportedArchitectureField,
      &kUnimportableExportedConfig,
      &kUnknownConfigKey,
  };
  return *rules;
}

namespace {

bool FindingOrder(const Finding& a, const Finding& b) {
  if (a.rule() != b.rule()) return a.rule() < b.rule();
  if (!std::equal(a.subjects().begin(), a.subjects().end(),
                  b.subjects().begin(), b.subjects().end())) {
    return std::lexicographical_compare(
        a.subjects().begin(), a.subjects().end(), b.subjects().begin(),
        b.subjects().end());
  }
  return a.message() < b.message();
}

// A piece of the work RunRules shares between threads: a rule, or some of
// the checkpoint sides of a rule that can check them apart.
struct Piece {
  const Rule* rule;
  bool some_sides;  // only sides [begin, end), by check_sides
  size_t begin;
  size_t end;
  // What it found: the findings it kept, its counts, which suppressions
  // matched.
  std::vector<Finding> findings;
  FindingSink::Counts counts;
  std::vector<bool> used;
};

}  // namespace

CoverageReport RunRules(const CoverageContext& context,
                        const Suppressions* suppressions, size_t max_findings) {
  // A large checkpoint's rules on two threads, each taking the next piece
  // of work not yet taken: a rule, or half the checkpoint sides of a rule
  // that can check them apart (checkpoint-shape-mismatch alone is most of
  // the pass). Each piece's findings are kept apart and joined in rule
  // order, then side order: the same sequence whichever thread ran what.
  constexpr size_t kSplitFrom = 65536;
  const size_t sides = context.CheckpointSides().size();
  const bool split = sides >= kSplitFrom;
  std::vector<Piece> pieces;
  for (const Rule* rule : AllRules()) {
    if (rule->check == nullptr) continue;  // Reported by other means.
    if (split && rule->check_sides != nullptr) {
      pieces.push_back({rule, true, 0, sides / 2, {}, {}, {}});
      pieces.push_back({rule, true, sides / 2, sides, {}, {}, {}});
    } else {
      pieces.push_back({rule, false, 0, 0, {}, {}, {}});
    }
  }
  std::atomic<size_t> next{0};
  const auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pieces.size();) {
      Piece& piece = pieces[i];
      std::optional<Suppressions::Matcher> matcher;
      if (suppressions != nullptr) matcher.emplace(*suppressions);
      FindingSink sink(piece.rule->id, piece.rule->severity, &piece.findings,
                       matcher.has_value() ? &*matcher : nullptr, max_findings);
      if (piece.some_sides) {
        piece.rule->check_sides(context, piece.begin, piece.end, sink);
      } else {
        piece.rule->check(context, sink);
      }
      piece.counts = sink.counts();
      if (matcher.has_value()) piece.used = matcher->used();
    }
  };
  if (split) {
    std::thread second(run);
    run();
    second.join();
  } else {
    run();
  }

  // Joined rule by rule (a rule's pieces are adjacent), each rule listing
  // its first `max_findings` and counting all.
  CoverageReport report;
  report.set_fixture(context.parameters().fixture());
  report.set_format(context.converters().format());
  std::vector<Finding> findings;
  std::vector<bool> used(suppressions != nullptr ? suppressions->size() : 0);
  for (size_t i = 0; i < pieces.size();) {
    const Rule* rule = pieces[i].rule;
    RuleCount count;
    count.set_rule(std::string(rule->id));
    count.set_severity(rule->severity);
    int64_t listed = 0;
    for (; i < pieces.size() && pieces[i].rule == rule; ++i) {
      Piece& piece = pieces[i];
      count.set_findings(count.findings() +
                         static_cast<int64_t>(piece.counts.findings));
      count.set_suppressed(count.suppressed() +
                           static_cast<int64_t>(piece.counts.suppressed));
      for (Finding& finding : piece.findings) {
        if (max_findings != 0 && static_cast<size_t>(listed) >= max_findings) {
          break;
        }
        findings.push_back(std::move(finding));
        ++listed;
      }
      for (size_t k = 0; k < piece.used.size(); ++k) {
        if (piece.used[k]) used[k] = true;
      }
    }
    count.set_omitted(count.findings() - listed);
    if (count.findings() > 0) *report.add_counts() = std::move(count);
  }
  if (suppressions != nullptr) {
    const size_t before = findings.size();
    suppressions->ReportStale(used, &findings);
    if (findings.size() > before) {
      RuleCount& count = *report.add_counts();
      count.set_rule(std::string(kStaleSuppression.id));
      count.set_severity(kStaleSuppression.severity);
      count.set_findings(static_cast<int64_t>(findings.size() - before));
    }
  }
  std::sort(findings.begin(), findings.end(), FindingOrder);
  std::sort(report.mutable_counts()->begin(), report.mutable_counts()->end(),
            [](const RuleCount& a, const RuleCount& b) {
              return a.rule() < b.rule();
            });
  for (Finding& finding : findings) *report.add_findings() = std::move(finding);
  return report;
}

bool HasErrors(const CoverageReport& report) {
  return std::any_of(report.findings().begin(), report.findings().end(),
                     [](const Finding& f) {
                       return f.severity() == ERROR && !f.suppressed();
                     }) ||
         std::any_of(report.counts().begin(), report.counts().end(),
                     [](const RuleCount& count) {
                       return count.severity() == ERROR &&
                              count.findings() > count.suppressed();
                     });
}

}  // namespace weightwalk
