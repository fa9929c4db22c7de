#include "coverage/context.h"

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/prefetch.h"

namespace weightwalk {

namespace {

// Loop distance between the stages of a pipelined pass over names: each
// stage starts a load the next one needs, this many names ahead of it.
constexpr int kStage = 8;

// One is held per checkpoint name (775,003 names: 37 MB).
static_assert(sizeof(CoverageContext::CheckpointSide) <= 48,
              "a checkpoint side grew");

// Starts loading the characters of `name`.
void PrefetchName(absl::string_view name) {
  if (name.empty()) return;
  Prefetch(name.data());
  Prefetch(name.data() + name.size() - 1);
}

}  // namespace

CoverageContext::CoverageContext(const ParameterManifest& parameters,
                                 const ConverterManifest& converters,
                                 const CheckpointManifest* checkpoint)
    : parameters_(parameters), converters_(converters) {
  parameters_by_name_.reserve(parameters.parameters_size());
  consumers_.reserve(converters.converters_size());
  for (const Parameter& parameter : parameters.parameters()) {
    parameters_by_name_.emplace(parameter.name(), &parameter);
    if (!parameter.tied_group().empty()) {
      std::vector<const Parameter*>& group =
          tied_groups_[parameter.tied_group()];
      if (group.empty()) tied_group_names_.push_back(parameter.tied_group());
      group.push_back(&parameter);
    }
  }
  size_t outputs = 0;
  for (const WeightConverter& converter : converters.converters()) {
    outputs += static_cast<size_t>(converter.checkpoint_size());
  }
  side_index_.Reserve(outputs, side_names());
  checkpoint_sides_.reserve(outputs);
  // Each output is hashed, and its slots prefetched, kStage outputs before
  // it joins its side; in emission order.
  struct Output {
    const Tensor* tensor;
    int leaf;
    uint64_t hash;
  };
  Output ahead[kStage];
  size_t started = 0;
  size_t joined = 0;
  const auto join = [&](const Output& output) {
    CheckpointSide& side = Side(output.tensor->name(), output.hash);
    side.producers.push_back({output.leaf, output.tensor});
  };
  never_runs_.assign(converters.converters_size(), false);
  for (int i = 0; i < converters.converters_size(); ++i) {
    for (const Tensor& input : converters.converters(i).fast_llm()) {
      Leaves& consumers = consumers_[input.name()];
      const auto parameter = parameters_by_name_.find(input.name());
      if (consumers.empty() && parameter == parameters_by_name_.end()) {
        phantom_names_.push_back(input.name());
      }
      if (parameter != parameters_by_name_.end() &&
          !parameter->second->tied_group().empty() &&
          parameter->second->tied_group() != parameter->second->name()) {
        never_runs_[i] = true;
      }
      consumers.push_back(i);
    }
    for (const Tensor& output : converters.converters(i).checkpoint()) {
      if (started - joined == kStage) join(ahead[joined++ % kStage]);
      const uint64_t hash = NameIndex::Hash(output.name());
      side_index_.PrefetchSlots(hash);
      ahead[started++ % kStage] = {&output, i, hash};
    }
  }
  while (joined < started) join(ahead[joined++ % kStage]);
  if (checkpoint != nullptr) AttachCheckpoint(*checkpoint);
}

CoverageContext::CheckpointSide& CoverageContext::Side(absl::string_view name,
                                                       uint64_t hash) {
  const uint32_t side = side_index_.FindOrAdd(name, hash, side_names(), [&] {
    checkpoint_sides_.emplace_back().name = name;
    return static_cast<uint32_t>(checkpoint_sides_.size() - 1);
  });
  return checkpoint_sides_[side];
}

void CoverageContext::FindSides(const CheckpointManifest& checkpoint, int begin,
                                int end, std::vector<uint32_t>& found) const {
  // A name's lookup chases six loads: the checkpoint's tensor, its name's
  // string, that string's characters, the name's slots, its candidate
  // side, and that side's characters. Each is started a stage (kStage
  // names) before the next needs it, so many names' loads are under way at
  // once.
  struct Lookup {
    uint64_t hash;
    uint32_t candidate;
  };
  constexpr int kRing = 8 * kStage;  // holds the names in flight
  Lookup ring[kRing];
  const SideNames names = side_names();
  const auto in_range = [&](int i) { return i >= begin && i < end; };
  const auto name = [&](int i) -> const std::string& {
    return checkpoint.tensors(i).name();
  };
  for (int i = begin; i < end + 6 * kStage; ++i) {
    if (in_range(i)) Prefetch(&checkpoint.tensors(i));
    if (const int j = i - kStage; in_range(j)) Prefetch(&name(j));
    if (const int j = i - 2 * kStage; in_range(j)) PrefetchName(name(j));
    if (const int j = i - 3 * kStage; in_range(j)) {
      const uint64_t hash = NameIndex::Hash(name(j));
      side_index_.PrefetchSlots(hash);
      ring[j % kRing] = {hash, NameIndex::kNone};
    }
    if (const int j = i - 4 * kStage; in_range(j)) {
      Lookup& lookup = ring[j % kRing];
      lookup.candidate = side_index_.Candidate(lookup.hash);
      if (lookup.candidate != NameIndex::kNone) {
        Prefetch(&checkpoint_sides_[lookup.candidate]);
      }
    }
    if (const int j = i - 5 * kStage; in_range(j)) {
      const uint32_t candidate = ring[j % kRing].candidate;
      if (candidate != NameIndex::kNone) PrefetchName(names(candidate));
    }
    if (const int j = i - 6 * kStage; in_range(j)) {
      found[static_cast<size_t>(j)] =
          side_index_.Find(name(j), ring[j % kRing].hash, names);
    }
  }
}

void CoverageContext::AttachCheckpoint(const CheckpointManifest& checkpoint) {
  checkpoint_ = &checkpoint;
  // Room for a checkpoint with more names than the converters produce.
  const size_t names = std::max(checkpoint_sides_.size(),
                                static_cast<size_t>(checkpoint.tensors_size()));
  side_index_.Reserve(names, side_names());
  checkpoint_sides_.reserve(names);
  // Every name is looked up first, which only reads the index: a large
  // checkpoint's halves on two threads (the lookups are most of the work,
  // and the reading thread is done by now).
  const int count = checkpoint.tensors_size();
  std::vector<uint32_t> found(static_cast<size_t>(count));
  constexpr int kSplitFrom = 16384;
  if (count >= kSplitFrom) {
    std::thread second_half(
        [&] { FindSides(checkpoint, count / 2, count, found); });
    FindSides(checkpoint, 0, count / 2, found);
    second_half.join();
  } else {
    FindSides(checkpoint, 0, count, found);
  }
  // Then, in checkpoint order, each tensor joins its side (prefetched a
  // stage ahead); a name no converter produces gets a side of its own.
  for (int i = 0; i < count; ++i) {
    if (i + kStage < count) {
      const uint32_t ahead = found[static_cast<size_t>(i + kStage)];
      if (ahead != NameIndex::kNone) {
        Prefetch(&checkpoint_sides_[ahead]);
      }
    }
    const CheckpointTensor& tensor = checkpoint.tensors(i);
    const uint32_t side = found[static_cast<size_t>(i)];
    CheckpointSide& entry =
        side == NameIndex::kNone
            ? Side(tensor.name(), NameIndex::Hash(tensor.name()))
            : checkpoint_sides_[side];
    // A name listed twice (an index cannot, a header cannot) keeps the
    // first.
    if (entry.tensor == nullptr) entry.tensor = &tensor;
  }
}

const CoverageContext::Producers& CoverageContext::ProducersOf(
    absl::string_view name) const {
  static const Producers* const kNone = new Producers;
  const uint32_t side =
      side_index_.Find(name, NameIndex::Hash(name), side_names());
  return side == NameIndex::kNone ? *kNone : checkpoint_sides_[side].producers;
}

std::vector<std::string> CoverageContext::NearestParameters(
    absl::string_view name) const {
  std::call_once(suggestions_->parameters_once, [this] {
    std::vector<absl::string_view> names;
    names.reserve(static_cast<size_t>(parameters_.parameters_size()));
    for (const Parameter& parameter : parameters_.parameters()) {
      names.push_back(parameter.name());
    }
    suggestions_->parameters.emplace(names);
  });
  return suggestions_->parameters->Nearest(name);
}

std::vector<std::string> CoverageContext::NearestPhantoms(
    absl::string_view name) const {
  std::call_once(suggestions_->phantoms_once, [this] {
    suggestions_->phantoms.emplace(std::vector<absl::string_view>(
        phantom_names_.begin(), phantom_names_.end()));
  });
  return suggestions_->phantoms->Nearest(name);
}

std::string CoverageContext::SourceOf(int leaf) const {
  const int source = converters_.converters(leaf).source();
  return source > 0 && source <= converters_.sources_size()
             ? converters_.sources(source - 1)
             : std::string();
}

const Parameter* CoverageContext::FindParameter(absl::string_view name) const {
  const auto it = parameters_by_name_.find(name);
  return it == parameters_by_name_.end() ? nullptr : it->second;
}

const CoverageContext::Leaves& CoverageContext::ConsumersOf(
    absl::string_view name) const {
  static const Leaves* const kNone = new Leaves;
  const auto it = consumers_.find(name);
  return it == consumers_.end() ? *kNone : it->second;
}

const std::vector<const Parameter*>& CoverageContext::TiedGroup(
    absl::string_view group) const {
  static const std::vector<const Parameter*>* const kNone =
      new std::vector<const Parameter*>;
  const auto it = tied_groups_.find(group);
  return it == tied_groups_.end() ? *kNone : it->second;
}

std::string DescribeParameter(const Parameter& parameter) {
  return absl::StrCat(parameter.name(), " [",
                      absl::StrJoin(parameter.shape(), ", "), "]");
}

std::string DescribeConverter(const WeightConverter& converter) {
  // A MoE converter has two outputs per expert: list a long side by its
  // ends, so a finding's message stays short and its cost does not grow
  // with the number of experts.
  constexpr int kListed = 8;
  const auto side = [](const auto& tensors) {
    std::string text;
    const int size = tensors.size();
    for (int i = 0; i < size; ++i) {
      if (size > kListed && i == 2) {
        absl::StrAppend(&text, ", ... (", size, " tensors)");
        i = size - 2;
      }
      absl::StrAppend(&text, i == 0 ? "" : ", ", tensors[i].name());
    }
    return text;
  };
  return absl::StrCat(TransformKind_Name(converter.transform()), " converter ",
                      side(converter.fast_llm()), " -> ",
                      side(converter.checkpoint()));
}

}  // namespace weightwalk
