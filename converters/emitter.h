// ConverterEmitter: how a format declares its leaf weight converters.
//
// A format walks the resolved model config and declares one leaf per
// Fast-LLM tensor group, the way Fast-LLM's declarative converters do
// (`NestedWeightConverter`, `LinearWeightConverter`, ...): names are relative
// to a pair of prefixes, one per side, that `Nested` extends.
//
//   void EmitAttention(const AttentionConfig& attention,
//                      const ConverterEmitter& out) {
//     out.Linear("query", {"q_proj"}, RENAME, attention.add_linear_biases());
//     out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, ...);
//   }
//   EmitAttention(block.mixer().attention(),
//                 out.Nested("decoder.0.mixer", "model.layers.0.self_attn"));
//
// Prefixes join with "." and an empty side is dropped (Fast-LLM's
// `join_prefix`). Leaves are appended in declaration order, which is the
// order of the converter manifest. The emitter only records names; shapes
// are attached afterwards from the parameter manifest (converters/manifest.h).
//
// A config the format cannot express (a mixer type it has no converter for,
// say) is reported with `Fail`, which records the first failure, prefixed by
// the Fast-LLM prefix it happened at; the manifest builder then returns it
// instead of a manifest.
#ifndef WEIGHTWALK_CONVERTERS_EMITTER_H_
#define WEIGHTWALK_CONVERTERS_EMITTER_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "converters/converter_manifest.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// Where a leaf is declared: the file and line of the call that declared it,
// taken at the call site by the default argument.
struct SourceLocation {
  static constexpr SourceLocation Here(const char* file = __builtin_FILE(),
                                       int line = __builtin_LINE()) {
    return SourceLocation{file, line};
  }
  const char* file;
  int line;
};

// What an emission produced: the leaves, or the first failure.
struct Emission {
  // On `arena` when given (the manifest's): the leaves, their tensors,
  // shapes and string objects are then allocated there, without a malloc
  // each (a long name's characters still are).
  explicit Emission(google::protobuf::Arena* arena = nullptr) : leaves(arena) {}

  // In the manifest's own container, so the manifest takes them whole.
  google::protobuf::RepeatedPtrField<WeightConverter> leaves;
  absl::Status status;
  // "file:line" of each place leaves were declared (WeightConverter.source
  // is 1 + an index into it), and each place's index.
  std::vector<std::string> sources;
  std::map<std::pair<const char*, int>, int> source_index;
  // The last place looked up: a loop declares many leaves from one line.
  SourceLocation last_where = {nullptr, 0};
  int last_source = 0;
};

class ConverterEmitter {
 public:
  // Appends to `emission`, which must outlive the emitter and every emitter
  // nested from it.
  explicit ConverterEmitter(Emission* emission) : emission_(emission) {}

  // An emitter whose names are prefixed by `fast_llm` and `checkpoint` in
  // addition to this one's prefixes.
  ConverterEmitter Nested(absl::string_view fast_llm,
                          absl::string_view checkpoint) const;

  // One leaf consuming `fast_llm` names and producing `checkpoint` names;
  // `arguments` are the transform's (see TransformKind).
  void Emit(TransformKind transform, const std::vector<std::string>& fast_llm,
            const std::vector<std::string>& checkpoint,
            const std::vector<int64_t>& arguments = {},
            SourceLocation where = SourceLocation::Here()) const;

  // A one-to-one rename.
  void Rename(absl::string_view fast_llm, absl::string_view checkpoint,
              SourceLocation where = SourceLocation::Here()) const;

  // A linear layer `fast_llm` exported as the layers `checkpoint`: one leaf
  // `fast_llm.weight -> checkpoint[k].weight...` and, when `bias`, one leaf
  // `fast_llm.bias -> checkpoint[k].bias...`, both with `transform`
  // (Fast-LLM's `LinearWeightConverter`).
  void Linear(absl::string_view fast_llm,
              const std::vector<std::string>& checkpoint,
              TransformKind transform, bool bias,
              SourceLocation where = SourceLocation::Here()) const;

  // Records that the config cannot be converted: `problem` says why. Only
  // the first failure is kept.
  void Fail(absl::string_view problem) const;

  // The full name of `name` on each side.
  std::string FastLlmName(absl::string_view name) const;
  std::string CheckpointName(absl::string_view name) const;

 private:
  // Emit, with `suffix` (when not empty) appended to every name as a last
  // path segment.
  void EmitWithSuffix(TransformKind transform,
                      const std::vector<std::string>& fast_llm,
                      const std::vector<std::string>& checkpoint,
                      absl::string_view suffix,
                      const std::vector<int64_t>& arguments,
                      SourceLocation where) const;

  // 1 + the index of `where` in the emission's sources, added if new.
  int SourceIndex(SourceLocation where) const;
  ConverterEmitter(Emission* emission, std::string fast_llm,
                   std::string checkpoint)
      : emission_(emission),
        fast_llm_prefix_(std::move(fast_llm)),
        checkpoint_prefix_(std::move(checkpoint)) {}

  Emission* emission_;
  std::string fast_llm_prefix_;
  std::string checkpoint_prefix_;
};

// Fast-LLM's `BlockSequenceWeightConverter`: for each position `i` of the
// (resolved) block sequence, calls `emit_block` with that position's block
// config and `out.Nested("<fast_llm>.<i>", "<checkpoint>.<i>")`.
void EmitBlockSequence(
    const BlockSequenceConfig& sequence, absl::string_view fast_llm,
    absl::string_view checkpoint, const ConverterEmitter& out,
    const std::function<void(const DecoderBlockConfig&,
                             const ConverterEmitter&)>& emit_block);

// Fast-LLM's `join_prefix`: "a.b", or whichever side is not empty.
std::string JoinPrefix(absl::string_view prefix, absl::string_view name);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_EMITTER_H_
