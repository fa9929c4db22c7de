// CoverageContext: the two manifests of one fixture, indexed for the rules.
//
// Built once per check; every rule reads it and none changes it.
#ifndef WEIGHTWALK_COVERAGE_CONTEXT_H_
#define WEIGHTWALK_COVERAGE_CONTEXT_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "base/name_index.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "converters/converter_manifest.pb.h"
#include "coverage/nearest_names.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

class CoverageContext {
 public:
  // Indexes into converters().converters().
  using Leaves = absl::InlinedVector<int, 1>;

  // Both manifests (and the checkpoint, if any) must outlive the context.
  // `checkpoint` is what a real checkpoint directory holds; rules about it
  // stay silent without one.
  CoverageContext(const ParameterManifest& parameters,
                  const ConverterManifest& converters,
                  const CheckpointManifest* checkpoint = nullptr);

  // Adds the checkpoint to a context built without one (once, before any
  // rule runs): the converters' half of the index can then be built while
  // the checkpoint is still being read.
  void AttachCheckpoint(const CheckpointManifest& checkpoint);

  const ParameterManifest& parameters() const { return parameters_; }
  const ConverterManifest& converters() const { return converters_; }
  const CheckpointManifest* checkpoint() const { return checkpoint_; }

  // The parameter called `name`, or null when the model has none.
  const Parameter* FindParameter(absl::string_view name) const;

  // Indexes into converters().converters() of the leaves consuming `name`,
  // in emission order; empty when none does.
  const Leaves& ConsumersOf(absl::string_view name) const;

  // A leaf producing a checkpoint name: its index into
  // converters().converters(), and its output of that name.
  struct Producer {
    int leaf;
    const Tensor* output;
  };
  using Producers = absl::InlinedVector<Producer, 1>;

  // The leaves producing checkpoint name `name`, in emission order; empty
  // when none does.
  const Producers& ProducersOf(absl::string_view name) const;

  // One checkpoint name, as the converters and the checkpoint see it (48
  // bytes: there is one per name).
  struct CheckpointSide {
    absl::string_view name;
    // In emission order; a leaf naming it twice is there twice.
    Producers producers;
    // The checkpoint's tensor of that name; null without a checkpoint or
    // when it has none.
    const CheckpointTensor* tensor = nullptr;
  };

  // Every checkpoint name a leaf produces or the checkpoint holds: the
  // produced ones in first-produced order, then the checkpoint's others in
  // its order. The checkpoint rules walk this once instead of looking
  // names up.
  const std::vector<CheckpointSide>& CheckpointSides() const {
    return checkpoint_sides_;
  }

  // Whether leaf `leaf` (an index into converters().converters()) never
  // runs: it consumes a tied duplicate, a member of a tied group other than
  // its main copy. Fast-LLM stores a tied group once, under its main copy
  // (the duplicates are not in the state dict), and converts a leaf only
  // when all its inputs are there, so such a leaf writes nothing on export
  // and a checkpoint need not hold its outputs.
  bool NeverRuns(int leaf) const { return never_runs_[leaf]; }

  // The members of the tied group named `group` (its main copy), in
  // named_parameters() order.
  const std::vector<const Parameter*>& TiedGroup(absl::string_view group) const;

  // The names of the tied groups, in named_parameters() order.
  const std::vector<std::string>& TiedGroupNames() const {
    return tied_group_names_;
  }

  // Did-you-mean: the model parameters nearest to `name` by edit distance
  // (for a converter input the model does not have), or the converter
  // inputs the model does not have nearest to `name` (for a parameter no
  // converter consumes). Layer indices are compared as wildcards and then
  // put back, so this stays cheap for models with many layers. Empty when
  // nothing is close.
  std::vector<std::string> NearestParameters(absl::string_view name) const;

  // Where leaf `leaf` was declared ("converters/llama/llama.cc:42"), or ""
  // when the manifest does not say (one read from a file).
  std::string SourceOf(int leaf) const;
  std::vector<std::string> NearestPhantoms(absl::string_view name) const;

 private:
  const ParameterManifest& parameters_;
  const ConverterManifest& converters_;
  const CheckpointManifest* checkpoint_ = nullptr;
  // Keys and names point into the manifests, which outlive the context: no
  // name is copied, and a name with one leaf (almost all) allocates nothing.
  absl::flat_hash_map<absl::string_view, const Parameter*> parameters_by_name_;
  absl::flat_hash_map<absl::string_view, Leaves> consumers_;
  absl::flat_hash_map<absl::string_view, std::vector<const Parameter*>>
      tied_groups_;
  std::vector<std::string> tied_group_names_;
  std::vector<bool> never_runs_;
  std::vector<CheckpointSide> checkpoint_sides_;
  // The checkpoint sides by name: 8 bytes a slot, no copy of a name.
  NameIndex side_index_;
  struct SideNames {
    const std::vector<CheckpointSide>* sides;
    absl::string_view operator()(uint32_t side) const {
      return (*sides)[side].name;
    }
  };
  SideNames side_names() const { return SideNames{&checkpoint_sides_}; }
  // The side of checkpoint name `name` (whose NameIndex::Hash is `hash`),
  // added when new.
  CheckpointSide& Side(absl::string_view name, uint64_t hash);
  // The side of each checkpoint tensor in [begin, end) into `found`
  // (NameIndex::kNone when no converter produces it). Only reads the index.
  void FindSides(const CheckpointManifest& checkpoint, int begin, int end,
                 std::vector<uint32_t>& found) const;
  std::vector<std::string> phantom_names_;
  // Did-you-mean indexes, built the first time a rule asks (from either of
  // RunRules' threads), as most checks never do.
  struct Suggestions {
    std::once_flag parameters_once;
    std::optional<NearestNames> parameters;
    std::once_flag phantoms_once;
    std::optional<NearestNames> phantoms;
  };
  std::unique_ptr<Suggestions> suggestions_ = std::make_unique<Suggestions>();
};

// "name [a, b]" for a parameter.
std::string DescribeParameter(const Parameter& parameter);

// "SPLIT converter decoder.0.mlp.layer_1.weight -> model...gate_proj.weight,
// model...up_proj.weight" for a leaf.
std::string DescribeConverter(const WeightConverter& converter);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CONTEXT_H_
