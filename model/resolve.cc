#include "model/resolve.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "model/resolve_internal.h"

namespace weightwalk {
namespace resolve_internal {

std::string Join(const std::string& path, const std::string& field) {
  return path.empty() ? field : absl::StrCat(path, ".", field);
}

absl::Status Invalid(const std::string& path, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", problem));
}

absl::Status RequirePositive(const std::string& path, int64_t value) {
  if (value <= 0)
    return Invalid(path, absl::StrCat("must be positive, got ", value));
  return absl::OkStatus();
}

absl::Status RequireNonNegative(const std::string& path, int64_t value) {
  if (value < 0) {
    return Invalid(path, absl::StrCat("must not be negative, got ", value));
  }
  return absl::OkStatus();
}

// A field that the selected dynamic type does not have.
absl::Status NotAField(const std::string& path, const std::string& kind,
                       const std::string& type_name) {
  return Invalid(path,
                 absl::StrCat("not a field of ", kind, " type ", type_name));
}

// Fast-LLM's spelling of an enum value: `RMS_NORM` is `rms_norm`.
std::string FastLlmName(const std::string& enum_name) {
  return absl::AsciiStrToLower(enum_name);
}

// `value` must be a multiple of `divisor`; both are reported by name.
absl::Status RequireMultiple(const std::string& path, const char* name,
                             int64_t value, const char* divisor_name,
                             int64_t divisor) {
  if (value % divisor != 0) {
    return Invalid(path,
                   absl::StrCat(name, " (", value, ") must be a multiple of ",
                                divisor_name, " (", divisor, ")"));
  }
  return absl::OkStatus();
}

absl::Status ResolveConvolution(const std::string& path,
                                ConvolutionConfig* convolution) {
  if (!convolution->has_kernel_size()) {
    convolution->set_kernel_size(kDefaultKernelSize);
  }
  return RequirePositive(Join(path, "kernel_size"), convolution->kernel_size());
}

absl::Status ResolveNormalization(const std::string& path,
                                  NormalizationConfig* normalization) {
  using Type = NormalizationConfig;
  if (normalization->type() == Type::TYPE_UNSPECIFIED) {
    normalization->set_type(Type::LAYER_NORM);
  }
  const std::string type_name =
      FastLlmName(Type::Type_Name(normalization->type()));
  const auto reject = [&](bool present, const char* field) -> absl::Status {
    if (present) {
      return NotAField(Join(path, field), "normalization", type_name);
    }
    return absl::OkStatus();
  };
  switch (normalization->type()) {
    case Type::NONE:
      RETURN_IF_ERROR(reject(normalization->has_epsilon(), "epsilon"));
      RETURN_IF_ERROR(
          reject(normalization->has_zero_centered(), "zero_centered"));
      RETURN_IF_ERROR(reject(normalization->has_activation(), "activation"));
      return absl::OkStatus();
    case Type::FIXED_RMS_NORM:
      RETURN_IF_ERROR(
          reject(normalization->has_zero_centered(), "zero_centered"));
      RETURN_IF_ERROR(reject(normalization->has_activation(), "activation"));
      break;
    case Type::LAYER_NORM:
    case Type::RMS_NORM:
      RETURN_IF_ERROR(reject(normalization->has_activation(), "activation"));
      if (!normalization->has_zero_centered()) {
        normalization->set_zero_centered(false);
      }
      break;
    case Type::GATED_RMS_NORM:
      if (!normalization->has_zero_centered()) {
        normalization->set_zero_centered(false);
      }
      if (normalization->activation() == ACTIVATION_UNSPECIFIED) {
        normalization->set_activation(SILU);
      }
      break;
    default:
      return Invalid(
          Join(path, "type"),
          absl::StrCat("unknown normalization type ", normalization->type()));
  }
  if (!normalization->has_epsilon())
    normalization->set_epsilon(kDefaultEpsilon);
  if (!(normalization->epsilon() > 0)) {
    return Invalid(
        Join(path, "epsilon"),
        absl::StrCat("must be positive, got ", normalization->epsilon()));
  }
  return absl::OkStatus();
}

// A normalization whose Fast-LLM field is typed `GatedRMSNormalizationConfig`
// (GDN and KDA): gated_rms_norm, whether or not `type` says so.
absl::Status ResolveGatedNormalization(const std::string& path,
                                       NormalizationConfig* normalization) {
  if (normalization->type() == NormalizationConfig::TYPE_UNSPECIFIED) {
    normalization->set_type(NormalizationConfig::GATED_RMS_NORM);
  }
  if (normalization->type() != NormalizationConfig::GATED_RMS_NORM) {
    return Invalid(Join(path, "type"), "must be gated_rms_norm");
  }
  return ResolveNormalization(path, normalization);
}

namespace {

// What CheckLimits adds up on its walk.
struct LimitTotals {
  int64_t blocks = 0;       // num_blocks fields and prediction_heads
  int64_t max_experts = 0;  // the largest experts field
};

// Every integer field of `message` (at `path`) is within kMaxModelInteger;
// accumulates the counts behind the name estimate.
absl::Status CheckIntegers(const google::protobuf::Message& message,
                           const std::string& path, LimitTotals* totals) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = Join(path, field->name());
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!field->is_repeated()) {
        RETURN_IF_ERROR(CheckIntegers(reflection.GetMessage(message, field),
                                      field_path, totals));
        continue;
      }
      for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
        const google::protobuf::Message& element =
            reflection.GetRepeatedMessage(message, field, i);
        // A map entry is named by its key, as in Fast-LLM's config paths.
        const FieldDescriptor* key =
            field->is_map() ? element.GetDescriptor()->map_key() : nullptr;
        const FieldDescriptor* value =
            field->is_map() ? element.GetDescriptor()->map_value() : nullptr;
        if (key != nullptr &&
            key->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
            value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          RETURN_IF_ERROR(CheckIntegers(
              element.GetReflection()->GetMessage(element, value),
              Join(field_path,
                   element.GetReflection()->GetString(element, key)),
              totals));
        } else {
          RETURN_IF_ERROR(
              CheckIntegers(element, absl::StrCat(field_path, ".", i), totals));
        }
      }
      continue;
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_INT64 ||
        field->is_repeated()) {
      continue;
    }
    const int64_t value = reflection.GetInt64(message, field);
    if (value > kMaxModelInteger) {
      return Invalid(field_path,
                     absl::StrCat(value, " is over weightwalk's limit of ",
                                  kMaxModelInteger, " for any size or count"));
    }
    if (field->name() == "num_blocks" || field->name() == "prediction_heads") {
      totals->blocks += value;
    } else if (field->name() == "experts") {
      totals->max_experts = std::max(totals->max_experts, value);
    }
  }
  return absl::OkStatus();
}

// The limits of resolve.h, on a resolved config.
absl::Status CheckLimits(const ModelConfig& resolved) {
  LimitTotals totals;
  RETURN_IF_ERROR(CheckIntegers(resolved, "", &totals));
  // Each term is at most a few times 2^30, so the product fits in int64.
  const int64_t estimate = totals.blocks * (32 + 4 * totals.max_experts);
  if (estimate > kMaxModelNames) {
    return Invalid(
        "decoder",
        absl::StrCat(totals.blocks, " blocks and heads with up to ",
                     totals.max_experts, " experts each would make about ",
                     estimate, " checkpoint names, over weightwalk's limit of ",
                     kMaxModelNames));
  }
  return absl::OkStatus();
}

// Fields of MLPConfig that only some MLP types have.
absl::Status RejectFieldsOfOtherTypes(const std::string& path,
                                      const MLPConfig& mlp) {
  const std::string type_name = FastLlmName(MLPConfig::Type_Name(mlp.type()));
  const bool moe = mlp.type() == MLPConfig::MOE;
  const bool hybrid = mlp.type() == MLPConfig::HYBRID_MOE;
  const struct {
    bool present;
    bool allowed;
    const char* name;
  } fields[] = {
      {mlp.has_intermediate_size(), !hybrid, "intermediate_size"},
      {mlp.has_add_linear_biases(), !hybrid, "add_linear_biases"},
      {mlp.has_gated(), !hybrid, "gated"},
      {mlp.has_activation(), !hybrid, "activation"},
      {mlp.has_layer_1(), !hybrid, "layer_1"},
      {mlp.has_layer_2(), !hybrid, "layer_2"},
      {mlp.has_router_normalization(), moe, "router_normalization"},
      {mlp.has_router_scale(), moe, "router_scale"},
      {mlp.has_router_per_expert_scale(), moe, "router_per_expert_scale"},
      {mlp.has_router_input_scale(), moe, "router_input_scale"},
      {mlp.has_experts(), moe, "experts"},
      {mlp.has_shared_experts(), moe, "shared_experts"},
      {mlp.has_experts_per_token(), moe, "experts_per_token"},
      {mlp.has_routing(), moe, "routing"},
      {mlp.has_dense(), hybrid, "dense"},
      {mlp.has_routed(), hybrid, "routed"},
  };
  for (const auto& field : fields) {
    if (field.present && !field.allowed) {
      return NotAField(Join(path, field.name), "mlp", type_name);
    }
  }
  return absl::OkStatus();
}

// `default_type` is the type an unset `type` means: mlp, except for a hybrid
// MoE's `routed`, whose Fast-LLM field is typed MoEMLPConfig.
absl::Status ResolveMLP(const std::string& path, MLPConfig* mlp,
                        MLPConfig::Type default_type = MLPConfig::MLP);

// A hybrid_moe: a dense MLP and routed experts that agree on gating and
// activation.
absl::Status ResolveHybridMoe(const std::string& path, MLPConfig* mlp) {
  RETURN_IF_ERROR(ResolveMLP(Join(path, "dense"), mlp->mutable_dense()));
  if (mlp->dense().type() != MLPConfig::MLP) {
    return Invalid(Join(Join(path, "dense"), "type"), "must be mlp");
  }
  RETURN_IF_ERROR(
      ResolveMLP(Join(path, "routed"), mlp->mutable_routed(), MLPConfig::MOE));
  if (mlp->routed().type() != MLPConfig::MOE) {
    return Invalid(Join(Join(path, "routed"), "type"), "must be moe");
  }
  if (mlp->routed().shared_experts() != 0) {
    return Invalid(Join(Join(path, "routed"), "shared_experts"),
                   "must be 0 in a hybrid_moe");
  }
  if (mlp->dense().gated() != mlp->routed().gated()) {
    return Invalid(Join(path, "routed.gated"),
                   "must equal dense.gated in a hybrid_moe");
  }
  if (mlp->dense().activation() != mlp->routed().activation()) {
    return Invalid(Join(path, "routed.activation"),
                   "must equal dense.activation in a hybrid_moe");
  }
  return absl::OkStatus();
}

// The MoE fields of a moe MLP (Fast-LLM's MixtureOfExpertMLPConfig).
absl::Status ResolveMoe(const std::string& path, MLPConfig* mlp) {
  // MixtureOfExpertMLP asserts that MoE layers have no biases; Fast-LLM's
  // default add_linear_biases is true, so it must be set.
  if (mlp->add_linear_biases()) {
    return Invalid(Join(path, "add_linear_biases"),
                   "must be false for moe (Fast-LLM supports no MoE biases; "
                   "it defaults to true, so set it)");
  }
  // Only add_linear_biases is asserted: a layer's own bias.enabled still
  // gives it a bias (layer_1 `[E·2F]` or `[E·F]`, layer_2 `[H]`).
  if (!mlp->has_experts()) mlp->set_experts(kDefaultExperts);
  if (!mlp->has_shared_experts()) mlp->set_shared_experts(0);
  if (!mlp->has_experts_per_token()) mlp->set_experts_per_token(1);
  if (mlp->experts() <= 1) {
    return Invalid(Join(path, "experts"),
                   absl::StrCat("must be more than 1, got ", mlp->experts()));
  }
  RETURN_IF_ERROR(
      RequireNonNegative(Join(path, "shared_experts"), mlp->shared_experts()));
  RETURN_IF_ERROR(RequirePositive(Join(path, "experts_per_token"),
                                  mlp->experts_per_token()));
  if (mlp->shared_experts() + mlp->experts_per_token() > mlp->experts()) {
    return Invalid(
        Join(path, "experts_per_token"),
        absl::StrCat("shared_experts + experts_per_token (",
                     mlp->shared_experts() + mlp->experts_per_token(),
                     ") must not exceed experts (", mlp->experts(), ")"));
  }
  if (!mlp->has_router_input_scale()) mlp->set_router_input_scale(1.0);
  if (mlp->routing() == MLPConfig::ROUTING_UNSPECIFIED) {
    mlp->set_routing(MLPConfig::TOPK);
  }
  if (!mlp->router_scale().has_enabled()) {
    mlp->mutable_router_scale()->set_enabled(false);
  }
  if (!mlp->router_per_expert_scale().has_enabled()) {
    mlp->mutable_router_per_expert_scale()->set_enabled(false);
  }
  if (mlp->has_router_normalization()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "router_normalization"),
                                         mlp->mutable_router_normalization()));
  }
  return absl::OkStatus();
}

absl::Status ResolveMLP(const std::string& path, MLPConfig* mlp,
                        MLPConfig::Type default_type) {
  if (mlp->type() == MLPConfig::TYPE_UNSPECIFIED) mlp->set_type(default_type);
  RETURN_IF_ERROR(RejectFieldsOfOtherTypes(path, *mlp));
  if (mlp->has_pre_norm()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "pre_norm"), mlp->mutable_pre_norm()));
  }
  if (mlp->has_post_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "post_norm"),
                                         mlp->mutable_post_norm()));
  }
  if (mlp->type() == MLPConfig::HYBRID_MOE) return ResolveHybridMoe(path, mlp);

  if (!mlp->has_intermediate_size()) {
    mlp->set_intermediate_size(kDefaultIntermediateSize);
  }
  RETURN_IF_ERROR(RequirePositive(Join(path, "intermediate_size"),
                                  mlp->intermediate_size()));
  if (!mlp->has_add_linear_biases()) mlp->set_add_linear_biases(true);
  if (!mlp->has_gated()) mlp->set_gated(false);
  if (mlp->activation() == ACTIVATION_UNSPECIFIED) {
    mlp->set_activation(mlp->gated() ? SILU : GELU);
  }
  if (mlp->type() != MLPConfig::MOE) return absl::OkStatus();
  return ResolveMoe(path, mlp);
}

absl::Status ResolveBlock(const std::string& path, DecoderBlockConfig* block) {
  RETURN_IF_ERROR(ResolveNormalization(Join(path, "normalization"),
                                       block->mutable_normalization()));
  // norm_1 and norm_2 fall back to `normalization`.
  if (block->has_pre_mixer_normalization()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "pre_mixer_normalization"),
                             block->mutable_pre_mixer_normalization()));
  } else {
    *block->mutable_pre_mixer_normalization() = block->normalization();
  }
  if (block->has_pre_mlp_normalization()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "pre_mlp_normalization"),
                             block->mutable_pre_mlp_normalization()));
  } else {
    *block->mutable_pre_mlp_normalization() = block->normalization();
  }
  if (block->has_post_mixer_normalization()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "post_mixer_normalization"),
                             block->mutable_post_mixer_normalization()));
  }
  if (block->has_post_mlp_normalization()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "post_mlp_normalization"),
                             block->mutable_post_mlp_normalization()));
  }
  if (!block->output_scale().has_enabled()) {
    block->mutable_output_scale()->set_enabled(false);
  }
  RETURN_IF_ERROR(ResolveMixer(Join(path, "mixer"), block->mutable_mixer()));
  RETURN_IF_ERROR(ResolveMLP(Join(path, "mlp"), block->mutable_mlp()));
  return absl::OkStatus();
}

absl::Status ResolveDecoder(const std::string& path,
                            BlockSequenceConfig* decoder) {
  if (decoder->type() == BlockSequenceConfig::TYPE_UNSPECIFIED) {
    decoder->set_type(BlockSequenceConfig::FIXED);
  }
  if (!decoder->has_num_blocks()) decoder->set_num_blocks(kDefaultNumBlocks);
  RETURN_IF_ERROR(
      RequireNonNegative(Join(path, "num_blocks"), decoder->num_blocks()));
  if (decoder->type() == BlockSequenceConfig::FIXED) {
    if (!decoder->blocks().empty()) {
      return NotAField(Join(path, "blocks"), "block sequence", "fixed");
    }
    if (!decoder->pattern().empty()) {
      return NotAField(Join(path, "pattern"), "block sequence", "fixed");
    }
    return ResolveBlock(Join(path, "block"), decoder->mutable_block());
  }
  if (decoder->type() != BlockSequenceConfig::PATTERN) {
    return Invalid(Join(path, "type"), "unknown block sequence type");
  }
  if (decoder->has_block()) {
    return NotAField(Join(path, "block"), "block sequence", "pattern");
  }
  if (decoder->blocks().empty()) {
    return Invalid(Join(path, "blocks"), "no block configuration provided");
  }
  if (decoder->pattern().empty()) {
    return Invalid(Join(path, "pattern"), "no block pattern provided");
  }
  for (int i = 0; i < decoder->pattern_size(); ++i) {
    if (!decoder->blocks().contains(decoder->pattern(i))) {
      return Invalid(
          absl::StrCat(Join(path, "pattern"), "[", i, "]"),
          absl::StrCat("names block '", decoder->pattern(i), "', which ",
                       Join(path, "blocks"), " does not define"));
    }
  }
  // Resolve in name order, so the first error reported does not depend on
  // the map's iteration order.
  std::vector<std::string> names;
  for (const auto& [name, block] : decoder->blocks()) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    RETURN_IF_ERROR(ResolveBlock(Join(Join(path, "blocks"), name),
                                 &(*decoder->mutable_blocks())[name]));
  }
  return absl::OkStatus();
}

absl::Status ResolveVisionEncoder(const std::string& path,
                                  VisionEncoderConfig* vision) {
  if (!vision->has_hidden_size()) {
    vision->set_hidden_size(kDefaultVisionHiddenSize);
  }
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "hidden_size"), vision->hidden_size()));
  const std::string embeddings_path = Join(path, "embeddings");
  PatchEmbeddingsConfig* embeddings = vision->mutable_embeddings();
  if (!embeddings->has_patch_height()) {
    embeddings->set_patch_height(kDefaultPatchSize);
  }
  if (!embeddings->has_patch_width()) {
    embeddings->set_patch_width(kDefaultPatchSize);
  }
  RETURN_IF_ERROR(RequirePositive(Join(embeddings_path, "patch_height"),
                                  embeddings->patch_height()));
  RETURN_IF_ERROR(RequirePositive(Join(embeddings_path, "patch_width"),
                                  embeddings->patch_width()));
  RETURN_IF_ERROR(ResolveNormalization(Join(embeddings_path, "normalization"),
                                       embeddings->mutable_normalization()));
  RETURN_IF_ERROR(
      ResolveDecoder(Join(path, "encoder"), vision->mutable_encoder()));
  return ResolveMLP(Join(path, "adapter"), vision->mutable_adapter());
}

}  // namespace
}  // namespace resolve_internal

using resolve_internal::CheckLimits;
using resolve_internal::Invalid;
using resolve_internal::kDefaultHiddenSize;
using resolve_internal::kDefaultNumPositionEmbeddings;
using resolve_internal::kDefaultVocabSize;
using resolve_internal::RequirePositive;
using resolve_internal::ResolveDecoder;
using resolve_internal::ResolveNormalization;
using resolve_internal::ResolveVisionEncoder;

bool EffectiveBias(const AffineLinearConfig& layer, bool default_enabled) {
  return layer.bias().has_enabled() ? layer.bias().enabled() : default_enabled;
}

bool EffectiveBias(const ConvolutionConfig& layer, bool default_enabled) {
  return layer.bias().has_enabled() ? layer.bias().enabled() : default_enabled;
}

absl::StatusOr<ModelConfig> ResolveModelConfig(const ModelConfig& config) {
  ModelConfig resolved = config;
  if (!resolved.has_hidden_size()) resolved.set_hidden_size(kDefaultHiddenSize);
  RETURN_IF_ERROR(RequirePositive("hidden_size", resolved.hidden_size()));
  if (!resolved.has_tied_embedding_weight()) {
    resolved.set_tied_embedding_weight(false);
  }

  EmbeddingsConfig* embeddings = resolved.mutable_embeddings();
  if (!embeddings->has_vocab_size()) {
    embeddings->set_vocab_size(kDefaultVocabSize);
  }
  RETURN_IF_ERROR(
      RequirePositive("embeddings.vocab_size", embeddings->vocab_size()));
  if (!embeddings->position_embeddings().has_enabled()) {
    embeddings->mutable_position_embeddings()->set_enabled(false);
  }
  if (!embeddings->has_num_position_embeddings()) {
    embeddings->set_num_position_embeddings(kDefaultNumPositionEmbeddings);
  }
  RETURN_IF_ERROR(RequirePositive("embeddings.num_position_embeddings",
                                  embeddings->num_position_embeddings()));
  if (!embeddings->has_embedding_scale()) embeddings->set_embedding_scale(1.0);

  RETURN_IF_ERROR(ResolveDecoder("decoder", resolved.mutable_decoder()));

  HeadConfig* head = resolved.mutable_head();
  RETURN_IF_ERROR(ResolveNormalization("head.normalization",
                                       head->mutable_normalization()));
  if (!head->has_prediction_heads()) head->set_prediction_heads(1);
  RETURN_IF_ERROR(
      RequirePositive("head.prediction_heads", head->prediction_heads()));
  if (head->prediction_heads() > 1 && resolved.decoder().num_blocks() == 0) {
    return Invalid("head.prediction_heads",
                   "multi-token prediction copies the last decoder block, "
                   "but decoder.num_blocks is 0");
  }

  if (resolved.has_vision_encoder()) {
    RETURN_IF_ERROR(ResolveVisionEncoder("vision_encoder",
                                         resolved.mutable_vision_encoder()));
  } else if (resolved.has_image_token_index()) {
    return Invalid("image_token_index",
                   "only a multimodal model (with vision_encoder) has one");
  }
  RETURN_IF_ERROR(CheckLimits(resolved));
  return resolved;
}

}  // namespace weightwalk
