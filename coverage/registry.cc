#include "coverage/registry.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "base/prefetch.h"
#include "coverage/checkpoint_name_produced_twice.h"
#include "coverage/checkpoint_shape_mismatch.h"
#include "coverage/index_shard_mismatch.h"
#include "coverage/missing_checkpoint_tensor.h"
#include "coverage/parameter_consumed_twice.h"
#include "coverage/phantom_parameter.h"
#include "coverage/report.h"
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

// What one rule found in one piece of work: the findings it kept, its
// counts, which suppressions matched.
struct Found {
  std::vector<Finding> findings;
  FindingSink::Counts counts;
  std::vector<bool> used;
};

// A piece of the work RunRules shares between threads: a rule that checks
// the whole context, or some of the checkpoint sides for every rule that
// checks sides.
struct Piece {
  const Rule* rule;  // null: the side rules over sides [begin, end)
  size_t begin;
  size_t end;
  std::vector<Found> found;  // one per rule the piece runs
};

// Starts loading what checking `side` reads: its tensor and its producers'
// outputs (stage 0), then their shapes' elements (stage 1, once stage 0's
// loads are in). The checkpoint's tensors are in its own order, not the
// sides', so without this each side would wait for its misses one after
// the other.
void PrefetchSide(const CoverageContext::CheckpointSide& side, int stage) {
  const CheckpointTensor* tensor = side.tensor;
  if (stage == 0) {
    if (tensor != nullptr) Prefetch(tensor);
    for (const CoverageContext::Producer& producer : side.producers) {
      Prefetch(producer.output);
    }
  } else {
    if (tensor != nullptr && tensor->shape_known()) {
      Prefetch(tensor->shape().data());
    }
    for (const CoverageContext::Producer& producer : side.producers) {
      Prefetch(producer.output->shape().data());
    }
  }
}

// Runs `rules` (side rules) over sides [begin, end), a run of them at a
// time, each run's data prefetched while the run before is checked.
void WalkSides(const CoverageContext& context,
               const std::vector<const Rule*>& rules, size_t begin, size_t end,
               std::vector<FindingSink>& sinks) {
  const std::vector<CoverageContext::CheckpointSide>& sides =
      context.CheckpointSides();
  constexpr size_t kRun = 16;
  const auto prefetch = [&](size_t from, int stage) {
    for (size_t i = from; i < std::min(from + kRun, end); ++i) {
      PrefetchSide(sides[i], stage);
    }
  };
  prefetch(begin, 0);
  for (size_t run = begin; run < end; run += kRun) {
    prefetch(run + kRun, 0);
    prefetch(run, 1);
    const absl::Span<const CoverageContext::CheckpointSide> these(
        sides.data() + run, std::min(kRun, end - run));
    for (size_t r = 0; r < rules.size(); ++r) {
      rules[r]->check_sides(context, these, sinks[r]);
    }
  }
}

// The work: one piece per whole-context rule, and the sides for every side
// rule in one piece, or two halves for a large checkpoint.
std::vector<Piece> PlanPieces(const CoverageContext& context,
                              const std::vector<const Rule*>& side_rules) {
  constexpr size_t kSplitFrom = 65536;
  const size_t sides = context.CheckpointSides().size();
  std::vector<Piece> pieces;
  for (const Rule* rule : AllRules()) {
    if (rule->check != nullptr) pieces.push_back({rule, 0, 0, {}});
  }
  if (!side_rules.empty()) {
    const size_t middle = sides >= kSplitFrom ? sides / 2 : sides;
    pieces.push_back({nullptr, 0, middle, {}});
    if (middle < sides) pieces.push_back({nullptr, middle, sides, {}});
  }
  return pieces;
}

void RunPiece(const CoverageContext& context, Piece& piece,
              const std::vector<const Rule*>& side_rules,
              const Suppressions* suppressions, size_t max_findings) {
  const std::vector<const Rule*> rules =
      piece.rule != nullptr ? std::vector<const Rule*>{piece.rule} : side_rules;
  piece.found.resize(rules.size());
  std::vector<std::optional<Suppressions::Matcher>> matchers(rules.size());
  std::vector<FindingSink> sinks;
  for (size_t r = 0; r < rules.size(); ++r) {
    if (suppressions != nullptr) matchers[r].emplace(*suppressions);
    sinks.emplace_back(
        rules[r]->id, rules[r]->severity, &piece.found[r].findings,
        matchers[r].has_value() ? &*matchers[r] : nullptr, max_findings);
  }
  if (piece.rule != nullptr) {
    piece.rule->check(context, sinks[0]);
  } else {
    WalkSides(context, rules, piece.begin, piece.end, sinks);
  }
  for (size_t r = 0; r < rules.size(); ++r) {
    piece.found[r].counts = sinks[r].counts();
    if (matchers[r].has_value()) piece.found[r].used = matchers[r]->used();
  }
}

// What each rule found, in rule order, then side order.
std::vector<std::pair<const Rule*, Found*>> ByRule(
    std::vector<Piece>& pieces, const std::vector<const Rule*>& side_rules) {
  std::vector<std::pair<const Rule*, Found*>> by_rule;
  for (const Rule* rule : AllRules()) {
    for (Piece& piece : pieces) {
      if (piece.rule == rule) by_rule.emplace_back(rule, &piece.found[0]);
      if (piece.rule != nullptr) continue;
      for (size_t r = 0; r < side_rules.size(); ++r) {
        if (side_rules[r] == rule) by_rule.emplace_back(rule, &piece.found[r]);
      }
    }
  }
  return by_rule;
}

// Joins what the rules found rule by rule, each listing its first
// `max_findings` and counting all, into `report` and `findings`; marks in
// `used` the suppressions that matched.
void Join(const std::vector<std::pair<const Rule*, Found*>>& by_rule,
          size_t max_findings, CoverageReport& report,
          std::vector<Finding>& findings, std::vector<bool>& used) {
  for (size_t i = 0; i < by_rule.size();) {
    const Rule* rule = by_rule[i].first;
    RuleCount count;
    count.set_rule(std::string(rule->id));
    count.set_severity(rule->severity);
    count.set_documentation(RuleDocumentation(rule->id));
    int64_t listed = 0;
    for (; i < by_rule.size() && by_rule[i].first == rule; ++i) {
      Found& found = *by_rule[i].second;
      count.set_findings(count.findings() +
                         static_cast<int64_t>(found.counts.findings));
      count.set_suppressed(count.suppressed() +
                           static_cast<int64_t>(found.counts.suppressed));
      for (Finding& finding : found.findings) {
        if (max_findings != 0 && static_cast<size_t>(listed) >= max_findings) {
          break;
        }
        findings.push_back(std::move(finding));
        ++listed;
      }
      for (size_t k = 0; k < found.used.size(); ++k) {
        if (found.used[k]) used[k] = true;
      }
    }
    count.set_omitted(count.findings() - listed);
    if (count.findings() > 0) *report.add_counts() = std::move(count);
  }
}

}  // namespace

CoverageReport RunRules(const CoverageContext& context,
                        const Suppressions* suppressions, size_t max_findings) {
  // A large checkpoint's rules on two threads, each taking the next piece
  // of work not yet taken: a whole-context rule, or half the checkpoint
  // sides for every side rule (checkpoint-shape-mismatch alone is most of
  // the pass). Each piece's findings are kept apart and joined in rule
  // order, then side order: the same sequence whichever thread ran what.
  std::vector<const Rule*> side_rules;
  for (const Rule* rule : AllRules()) {
    if (rule->check_sides != nullptr) side_rules.push_back(rule);
  }
  std::vector<Piece> pieces = PlanPieces(context, side_rules);
  std::atomic<size_t> next{0};
  const auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pieces.size();) {
      RunPiece(context, pieces[i], side_rules, suppressions, max_findings);
    }
  };
  const bool split = pieces.size() > 1 && pieces.back().rule == nullptr &&
                     pieces.back().begin > 0;
  if (split) {
    std::thread second(run);
    run();
    second.join();
  } else {
    run();
  }

  CoverageReport report;
  report.set_fixture(context.parameters().fixture());
  report.set_format(context.converters().format());
  std::vector<Finding> findings;
  std::vector<bool> used(suppressions != nullptr ? suppressions->size() : 0);
  Join(ByRule(pieces, side_rules), max_findings, report, findings, used);
  if (suppressions != nullptr) {
    const size_t before = findings.size();
    suppressions->ReportStale(used, &findings);
    if (findings.size() > before) {
      RuleCount& count = *report.add_counts();
      count.set_rule(std::string(kStaleSuppression.id));
      count.set_severity(kStaleSuppression.severity);
      count.set_documentation(RuleDocumentation(kStaleSuppression.id));
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
