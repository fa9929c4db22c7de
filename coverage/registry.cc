#include "coverage/registry.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <thread>
#include <tuple>

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

CoverageReport RunRules(const CoverageContext& context,
                        const Suppressions* suppressions) {
  // A large checkpoint's rules on two threads, each taking the next piece
  // of work not yet taken: a rule, or half the checkpoint sides of a rule
  // that can check them apart (checkpoint-shape-mismatch alone is most of
  // the pass). Each piece's findings are kept apart and joined in rule
  // order, then side order: the same sequence whichever thread ran what.
  constexpr size_t kSplitFrom = 65536;
  const size_t sides = context.CheckpointSides().size();
  const bool split = sides >= kSplitFrom;
  struct Piece {
    const Rule* rule;
    bool some_sides;  // only sides [begin, end), by check_sides
    size_t begin;
    size_t end;
  };
  std::vector<Piece> pieces;
  for (const Rule* rule : AllRules()) {
    if (rule->check == nullptr) continue;  // Reported by other means.
    if (split && rule->check_sides != nullptr) {
      pieces.push_back({rule, true, 0, sides / 2});
      pieces.push_back({rule, true, sides / 2, sides});
    } else {
      pieces.push_back({rule, false, 0, 0});
    }
  }
  std::vector<std::vector<Finding>> by_piece(pieces.size());
  std::atomic<size_t> next{0};
  const auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pieces.size();) {
      const Piece& piece = pieces[i];
      FindingSink sink(piece.rule->id, piece.rule->severity, &by_piece[i]);
      if (piece.some_sides) {
        piece.rule->check_sides(context, piece.begin, piece.end, sink);
      } else {
        piece.rule->check(context, sink);
      }
    }
  };
  if (split) {
    std::thread second(run);
    run();
    second.join();
  } else {
    run();
  }
  std::vector<Finding> findings;
  for (std::vector<Finding>& found : by_piece) {
    std::move(found.begin(), found.end(), std::back_inserter(findings));
  }
  if (suppressions != nullptr) suppressions->Apply(&findings);
  std::sort(findings.begin(), findings.end(),
            [](const Finding& a, const Finding& b) {
              if (a.rule() != b.rule()) return a.rule() < b.rule();
              if (!std::equal(a.subjects().begin(), a.subjects().end(),
                              b.subjects().begin(), b.subjects().end())) {
                return std::lexicographical_compare(
                    a.subjects().begin(), a.subjects().end(),
                    b.subjects().begin(), b.subjects().end());
              }
              return a.message() < b.message();
            });
  CoverageReport report;
  report.set_fixture(context.parameters().fixture());
  report.set_format(context.converters().format());
  for (Finding& finding : findings) *report.add_findings() = std::move(finding);
  return report;
}

bool HasErrors(const CoverageReport& report) {
  return std::any_of(report.findings().begin(), report.findings().end(),
                     [](const Finding& f) {
                       return f.severity() == ERROR && !f.suppressed();
                     });
}

}  // namespace weightwalk
