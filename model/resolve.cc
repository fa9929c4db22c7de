#include "model/resolve.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tools/base/status_macros.h"

namespace weightwalk {
namespace {

// Fast-LLM's defaults (fast_llm/layers/...). One place, named.
constexpr int64_t kDefaultHiddenSize = 1024;
constexpr int64_t kDefaultVocabSize = 49152;
constexpr int64_t kDefaultNumPositionEmbeddings = 2048;
constexpr int64_t kDefaultNumBlocks = 12;
constexpr int64_t kDefaultHeads = 8;
constexpr int64_t kDefaultHeadGroups = 1;
constexpr int64_t kDefaultHeadSize = 128;
constexpr double kDefaultSoftmaxScalePower = 0.5;
constexpr double kDefaultRotaryTheta = 10000.0;
constexpr int64_t kDefaultIntermediateSize = 4096;
constexpr double kDefaultEpsilon = 1e-5;

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

void DefaultBias(AffineLinearConfig* layer, bool add_linear_biases) {
  if (!layer->bias().has_enabled()) {
    layer->mutable_bias()->set_enabled(add_linear_biases);
  }
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

absl::Status ResolveRotary(const std::string& path, RotaryConfig* rotary) {
  if (rotary->type() == RotaryConfig::TYPE_UNSPECIFIED) {
    rotary->set_type(RotaryConfig::NONE);
  }
  if (rotary->type() == RotaryConfig::NONE) {
    if (rotary->has_theta()) {
      return NotAField(Join(path, "theta"), "rotary", "none");
    }
    return absl::OkStatus();
  }
  if (!rotary->has_theta()) rotary->set_theta(kDefaultRotaryTheta);
  if (!(rotary->theta() > 0)) {
    return Invalid(Join(path, "theta"),
                   absl::StrCat("must be positive, got ", rotary->theta()));
  }
  return absl::OkStatus();
}

absl::Status ResolveAttention(const std::string& path,
                              AttentionConfig* attention) {
  if (!attention->has_heads()) attention->set_heads(kDefaultHeads);
  if (!attention->has_head_groups()) {
    attention->set_head_groups(kDefaultHeadGroups);
  }
  if (!attention->has_head_size()) attention->set_head_size(kDefaultHeadSize);
  RETURN_IF_ERROR(RequirePositive(Join(path, "heads"), attention->heads()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "head_groups"), attention->head_groups()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "head_size"), attention->head_size()));
  if (attention->heads() % attention->head_groups() != 0) {
    return Invalid(Join(path, "head_groups"),
                   absl::StrCat("heads (", attention->heads(),
                                ") must be divisible by head_groups (",
                                attention->head_groups(), ")"));
  }
  if (!attention->has_add_linear_biases()) {
    attention->set_add_linear_biases(true);
  }
  const bool biases = attention->add_linear_biases();
  DefaultBias(attention->mutable_query_layer(), biases);
  DefaultBias(attention->mutable_key_layer(), biases);
  DefaultBias(attention->mutable_value_layer(), biases);
  DefaultBias(attention->mutable_dense_layer(), biases);
  RETURN_IF_ERROR(
      ResolveRotary(Join(path, "rotary"), attention->mutable_rotary()));
  if (!attention->has_causal()) attention->set_causal(true);
  if (attention->has_window_size()) {
    RETURN_IF_ERROR(
        RequirePositive(Join(path, "window_size"), attention->window_size()));
  }
  if (!attention->has_softmax_scale_power()) {
    attention->set_softmax_scale_power(kDefaultSoftmaxScalePower);
  }
  if (attention->has_query_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "query_norm"),
                                         attention->mutable_query_norm()));
  }
  if (attention->has_key_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "key_norm"),
                                         attention->mutable_key_norm()));
  }
  if (attention->has_value_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "value_norm"),
                                         attention->mutable_value_norm()));
  }
  if (!attention->has_shared_key_value()) {
    attention->set_shared_key_value(false);
  }
  return absl::OkStatus();
}

absl::Status ResolveMixer(const std::string& path, MixerConfig* mixer) {
  switch (mixer->type_case()) {
    case MixerConfig::TYPE_NOT_SET:
      // Fast-LLM's default mixer type.
      return ResolveAttention(path, mixer->mutable_attention());
    case MixerConfig::kAttention:
      return ResolveAttention(path, mixer->mutable_attention());
  }
  return Invalid(path, "unknown mixer type");
}

absl::Status ResolveMLP(const std::string& path, MLPConfig* mlp) {
  if (mlp->type() == MLPConfig::TYPE_UNSPECIFIED) mlp->set_type(MLPConfig::MLP);
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
  DefaultBias(mlp->mutable_layer_1(), mlp->add_linear_biases());
  DefaultBias(mlp->mutable_layer_2(), mlp->add_linear_biases());
  if (mlp->has_pre_norm()) {
    RETURN_IF_ERROR(
        ResolveNormalization(Join(path, "pre_norm"), mlp->mutable_pre_norm()));
  }
  if (mlp->has_post_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "post_norm"),
                                         mlp->mutable_post_norm()));
  }
  return absl::OkStatus();
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

}  // namespace

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
  return resolved;
}

}  // namespace weightwalk
