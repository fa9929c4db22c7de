#include "converters/emitter.h"

#include "absl/strings/str_cat.h"
#include "model/block_sequence.h"

namespace weightwalk {

namespace {

// Appends `segment` to the dotted path `out` (nothing when it is empty).
void AppendSegment(absl::string_view segment, std::string* out) {
  if (segment.empty()) return;
  if (!out->empty()) out->push_back('.');
  out->append(segment.data(), segment.size());
}

}  // namespace

std::string JoinPrefix(absl::string_view prefix, absl::string_view name) {
  std::string joined(prefix);
  AppendSegment(name, &joined);
  return joined;
}

ConverterEmitter ConverterEmitter::Nested(absl::string_view fast_llm,
                                          absl::string_view checkpoint) const {
  return ConverterEmitter(emission_, FastLlmName(fast_llm),
                          CheckpointName(checkpoint));
}

std::string ConverterEmitter::FastLlmName(absl::string_view name) const {
  return JoinPrefix(fast_llm_prefix_, name);
}

std::string ConverterEmitter::CheckpointName(absl::string_view name) const {
  return JoinPrefix(checkpoint_prefix_, name);
}

void ConverterEmitter::Emit(TransformKind transform,
                            const std::vector<std::string>& fast_llm,
                            const std::vector<std::string>& checkpoint,
                            const std::vector<int64_t>& arguments,
                            SourceLocation where) const {
  EmitWithSuffix(transform, fast_llm, checkpoint, "", arguments, where);
}

void ConverterEmitter::EmitWithSuffix(
    TransformKind transform, const std::vector<std::string>& fast_llm,
    const std::vector<std::string>& checkpoint, absl::string_view suffix,
    const std::vector<int64_t>& arguments, SourceLocation where) const {
  // Each full name is built once, in place: a MoE layer has 512 outputs
  // per block, and every copy of a name shows at 775,000 names.
  const auto full = [suffix](const std::string& prefix, const std::string& name,
                             std::string* out) {
    out->reserve(prefix.size() + name.size() + suffix.size() + 2);
    out->assign(prefix);
    AppendSegment(name, out);
    AppendSegment(suffix, out);
  };
  WeightConverter& leaf = *emission_->leaves.Add();
  leaf.set_transform(transform);
  leaf.set_source(SourceIndex(where));
  for (int64_t argument : arguments) leaf.add_transform_arguments(argument);
  leaf.mutable_fast_llm()->Reserve(static_cast<int>(fast_llm.size()));
  for (const std::string& name : fast_llm) {
    full(fast_llm_prefix_, name, leaf.add_fast_llm()->mutable_name());
  }
  leaf.mutable_checkpoint()->Reserve(static_cast<int>(checkpoint.size()));
  for (const std::string& name : checkpoint) {
    full(checkpoint_prefix_, name, leaf.add_checkpoint()->mutable_name());
  }
}

int ConverterEmitter::SourceIndex(SourceLocation where) const {
  Emission& emission = *emission_;
  if (where.file != emission.last_where.file ||
      where.line != emission.last_where.line) {
    const auto [place, added] = emission.source_index.try_emplace(
        {where.file, where.line},
        static_cast<int>(emission.sources.size()) + 1);
    if (added) {
      emission.sources.push_back(absl::StrCat(where.file, ":", where.line));
    }
    emission.last_where = where;
    emission.last_source = place->second;
  }
  return emission.last_source;
}

void ConverterEmitter::Fail(absl::string_view problem) const {
  if (!emission_->status.ok()) return;
  emission_->status = absl::InvalidArgumentError(
      fast_llm_prefix_.empty() ? std::string(problem)
                               : absl::StrCat(fast_llm_prefix_, ": ", problem));
}

void ConverterEmitter::Rename(absl::string_view fast_llm,
                              absl::string_view checkpoint,
                              SourceLocation where) const {
  Emit(RENAME, {std::string(fast_llm)}, {std::string(checkpoint)}, {}, where);
}

void ConverterEmitter::Linear(absl::string_view fast_llm,
                              const std::vector<std::string>& checkpoint,
                              TransformKind transform, bool bias,
                              SourceLocation where) const {
  for (const char* suffix : {"weight", "bias"}) {
    if (suffix == std::string("bias") && !bias) break;
    EmitWithSuffix(transform, {std::string(fast_llm)}, checkpoint, suffix, {},
                   where);
  }
}

void EmitBlockSequence(
    const BlockSequenceConfig& sequence, absl::string_view fast_llm,
    absl::string_view checkpoint, const ConverterEmitter& out,
    const std::function<void(const DecoderBlockConfig&,
                             const ConverterEmitter&)>& emit_block) {
  const std::vector<const DecoderBlockConfig*> blocks = ExpandBlocks(sequence);
  for (size_t i = 0; i < blocks.size(); ++i) {
    emit_block(*blocks[i], out.Nested(absl::StrCat(fast_llm, ".", i),
                                      absl::StrCat(checkpoint, ".", i)));
  }
}

}  // namespace weightwalk
