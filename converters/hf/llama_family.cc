#include "converters/hf/llama_family.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// The attention keys of a Llama-family config into `attention`.
absl::Status ImportLlamaAttention(const LlamaFamily& family,
                                  const ConfigReader& reader, int64_t hidden,
                                  AttentionConfig* attention) {
  ASSIGN_OR_RETURN(const int64_t heads,
                   reader.PositiveInt("num_attention_heads"));
  ASSIGN_OR_RETURN(const int64_t groups,
                   reader.PositiveInt("num_key_value_heads", &heads));
  const int64_t default_head_size = hidden / heads;
  int64_t head_size = default_head_size;
  if (family.head_dim) {
    ASSIGN_OR_RETURN(head_size,
                     reader.PositiveInt("head_dim", &default_head_size));
  } else if (hidden % heads != 0) {
    return reader.Error(
        reader.config(),
        absl::StrCat("hidden_size (", hidden,
                     ") must be divisible by num_attention_heads (", heads,
                     ")"));
  }
  attention->set_heads(heads);
  attention->set_head_groups(groups);
  attention->set_head_size(head_size);
  attention->set_causal(true);
  attention->set_softmax_scale_power(0.5);
  if (family.biases) {
    ASSIGN_OR_RETURN(const bool attention_bias,
                     reader.Bool("attention_bias", false));
    attention->set_add_linear_biases(attention_bias);
  } else {
    attention->set_add_linear_biases(false);
  }
  if (family.qwen2_biases) {
    ASSIGN_OR_RETURN(const bool mrope, reader.Bool("use_mrope", false));
    if (mrope) {
      return reader.Error(*reader.Get("use_mrope"),
                          "use_mrope: true is not supported by Fast-LLM");
    }
    attention->mutable_query_layer()->mutable_bias()->set_enabled(true);
    attention->mutable_key_layer()->mutable_bias()->set_enabled(true);
    attention->mutable_value_layer()->mutable_bias()->set_enabled(true);
    attention->mutable_dense_layer()->mutable_bias()->set_enabled(false);
  }
  if (family.sliding_window) {
    const JsonValue* window = reader.Get("sliding_window");
    if (window != nullptr) {
      ASSIGN_OR_RETURN(const int64_t size,
                       reader.PositiveInt("sliding_window"));
      attention->set_window_size(size);
    }
  }
  return ImportRotary(reader, 10000.0, attention->mutable_rotary());
}

// The attention checks of a Llama-family export.
absl::Status CheckLlamaAttention(const LlamaFamily& family,
                                 const AttentionConfig& attention,
                                 const AttentionConfig& written_attention,
                                 int64_t hidden) {
  const absl::string_view format = family.name;
  for (const auto& [present, field] :
       {std::pair{attention.has_query_norm(), "mixer.query_norm"},
        std::pair{attention.has_key_norm(), "mixer.key_norm"},
        std::pair{attention.has_value_norm(), "mixer.value_norm"}}) {
    if (present) {
      return CannotExport(format, absl::StrCat("decoder.block.", field),
                          "must be unset");
    }
  }
  if (!attention.causal() || attention.softmax_scale_power() != 0.5 ||
      attention.shared_key_value()) {
    return CannotExport(
        format, "decoder.block.mixer",
        "needs causal attention, softmax_scale_power 0.5 and no "
        "shared_key_value");
  }
  const RotaryConfig::Type rotary = attention.rotary().type();
  if (rotary != RotaryConfig::DEFAULT && rotary != RotaryConfig::LLAMA3 &&
      rotary != RotaryConfig::YARN) {
    return CannotExport(format, "decoder.block.mixer.rotary.type",
                        "the format writes default, llama3 or yarn rotary "
                        "embeddings only");
  }
  if (!family.biases && attention.add_linear_biases()) {
    return CannotExport(format, "decoder.block.*.add_linear_biases",
                        "the format pins it to false");
  }
  const bool biases = attention.add_linear_biases();
  if (family.qwen2_biases) {
    if (!EffectiveBias(attention.query_layer(), biases) ||
        !EffectiveBias(attention.key_layer(), biases) ||
        !EffectiveBias(attention.value_layer(), biases) ||
        EffectiveBias(attention.dense_layer(), biases)) {
      return CannotExport(
          format, "decoder.block.mixer.*_layer.bias",
          "the format always has q/k/v biases and no dense bias");
    }
    if (attention.heads() * attention.head_size() != hidden) {
      return CannotExport(format, "decoder.block.mixer.head_size",
                          "heads * head_size must equal hidden_size");
    }
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(CheckLayerBias(format, "decoder.block.mixer.query_layer",
                                 written_attention.query_layer(), biases));
  RETURN_IF_ERROR(CheckLayerBias(format, "decoder.block.mixer.key_layer",
                                 written_attention.key_layer(), biases));
  RETURN_IF_ERROR(CheckLayerBias(format, "decoder.block.mixer.value_layer",
                                 written_attention.value_layer(), biases));
  return CheckLayerBias(format, "decoder.block.mixer.dense_layer",
                        written_attention.dense_layer(), biases);
}

// llama.py's _llama_rotary_export, into `config`.
void ExportLlamaRotary(const RotaryConfig& rope, TransformersLayout layout,
                       JsonObject& config) {
  JsonObject parameters;
  if (layout == TransformersLayout::kV5) {
    parameters.Set("rope_theta", rope.theta());
  }
  if (rope.type() == RotaryConfig::LLAMA3) {
    parameters.Set("rope_type", "llama3");
    parameters.Set("factor", rope.scale_factor());
    parameters.Set("low_freq_factor", rope.low_frequency_factor());
    parameters.Set("high_freq_factor", rope.high_frequency_factor());
    parameters.Set("original_max_position_embeddings",
                   rope.original_context_length());
  } else if (rope.type() == RotaryConfig::YARN) {
    parameters.Set("rope_type", "yarn");
    parameters.Set("factor", rope.scale_factor());
    if (rope.has_attention_factor()) {
      parameters.Set("attention_factor", rope.attention_factor());
    } else {
      parameters.SetNull("attention_factor");
    }
    parameters.Set("beta_fast", rope.beta_fast());
    parameters.Set("beta_slow", rope.beta_slow());
    parameters.Set("original_max_position_embeddings",
                   rope.original_context_length());
  } else {
    parameters.Set("rope_type", "default");
  }
  if (layout == TransformersLayout::kV5) {
    config.Set("rope_parameters", parameters);
  } else {
    config.Set("rope_theta", rope.theta());
    if (rope.type() != RotaryConfig::DEFAULT) {
      config.Set("rope_scaling", parameters);
    }
  }
}

// The checks of what a Llama-family format pins outside attention.
absl::Status CheckLlamaBlockAndModel(const LlamaFamily& family,
                                     const ModelConfig& model,
                                     const DecoderBlockConfig& block,
                                     const DecoderBlockConfig& written) {
  const absl::string_view format = family.name;
  const MLPConfig& mlp = block.mlp();
  const MLPConfig& written_mlp = written.mlp();
  const NormalizationConfig& norm = block.normalization();
  if (norm.type() != NormalizationConfig::RMS_NORM || norm.zero_centered()) {
    return CannotExport(format, "decoder.block.normalization",
                        "the format needs a plain rms_norm");
  }
  for (const auto& [present, field] :
       {std::pair{written.has_pre_mixer_normalization(),
                  "pre_mixer_normalization"},
        std::pair{written.has_pre_mlp_normalization(), "pre_mlp_normalization"},
        std::pair{written.has_post_mixer_normalization(),
                  "post_mixer_normalization"},
        std::pair{written.has_post_mlp_normalization(),
                  "post_mlp_normalization"},
        std::pair{mlp.has_pre_norm(), "mlp.pre_norm"},
        std::pair{mlp.has_post_norm(), "mlp.post_norm"}}) {
    if (present) {
      return CannotExport(format, absl::StrCat("decoder.block.", field),
                          "must be unset");
    }
  }
  if (block.output_scale().enabled()) {
    return CannotExport(format, "decoder.block.output_scale",
                        "must be disabled");
  }
  if (!mlp.gated()) {
    return CannotExport(format, "decoder.block.mlp.gated", "must be true");
  }
  const bool moe = mlp.type() == MLPConfig::MOE;
  if (moe != family.moe || mlp.type() == MLPConfig::HYBRID_MOE) {
    return CannotExport(format, "decoder.block.mlp.type",
                        family.moe ? "must be moe" : "must be mlp");
  }
  if (moe && (mlp.shared_experts() != 0 || mlp.routing() != MLPConfig::TOPK ||
              mlp.has_router_normalization() ||
              mlp.router_input_scale() != 1.0 || mlp.router_scale().enabled() ||
              mlp.router_per_expert_scale().enabled())) {
    return CannotExport(format, "decoder.block.mlp",
                        "needs no shared experts, top-k routing and no router "
                        "normalization or scales");
  }
  if (!family.biases && mlp.add_linear_biases()) {
    return CannotExport(format, "decoder.block.*.add_linear_biases",
                        "the format pins it to false");
  }
  RETURN_IF_ERROR(CheckLayerBias(format, "decoder.block.mlp.layer_1",
                                 written_mlp.layer_1(),
                                 mlp.add_linear_biases()));
  RETURN_IF_ERROR(CheckLayerBias(format, "decoder.block.mlp.layer_2",
                                 written_mlp.layer_2(),
                                 mlp.add_linear_biases()));
  if (model.embeddings().position_embeddings().enabled()) {
    return CannotExport(format, "embeddings.position_embeddings",
                        "must be disabled");
  }
  if (model.embeddings().embedding_scale() != 1.0) {
    return CannotExport(format, "embeddings.embedding_scale", "must be 1.0");
  }
  const NormalizationConfig& head_norm = model.head().normalization();
  if (head_norm.type() != NormalizationConfig::RMS_NORM ||
      head_norm.zero_centered() || head_norm.epsilon() != norm.epsilon()) {
    return CannotExport(format, "head.normalization",
                        "must be the block's rms_norm with the same epsilon "
                        "(both are rms_norm_eps)");
  }
  if (model.head().prediction_heads() != 1 && !family.prediction_heads) {
    return CannotExport(format, "head.prediction_heads", "must be 1");
  }
  if (model.head().has_final_logit_softcap()) {
    return CannotExport(format, "head.final_logit_softcap", "must be unset");
  }
  return absl::OkStatus();
}

}  // namespace

namespace {

// Where the rotary keys are: rope_theta, and the object holding rope_type
// and its parameters (null for none): v5's rope_parameters holds both, v4
// has rope_theta at the top and an optional rope_scaling.
absl::StatusOr<std::pair<double, const JsonValue*>> RotaryKeys(
    const ConfigReader& reader, double default_theta) {
  if (const JsonValue* parameters = reader.config().Find("rope_parameters")) {
    if (!parameters->is_object()) {
      return reader.Error(*parameters, "\"rope_parameters\" must be an object");
    }
    const JsonValue* value = parameters->Find("rope_theta");
    if (value == nullptr || !value->is_number()) {
      return reader.Error(*parameters,
                          "\"rope_parameters\" needs a numeric \"rope_theta\"");
    }
    return std::make_pair(value->number(), parameters);
  }
  ASSIGN_OR_RETURN(const double theta,
                   reader.Number("rope_theta", default_theta));
  const JsonValue* scaling = reader.Get("rope_scaling");
  if (scaling != nullptr && !scaling->is_object()) {
    return reader.Error(*scaling, "\"rope_scaling\" must be an object or null");
  }
  return std::make_pair(theta, scaling);
}

// Fast-LLM compares rope_type with "default", "llama3" and "yarn" and
// refuses anything else, a number or a null included.
absl::StatusOr<std::string> RopeType(const ConfigReader& reader,
                                     const JsonValue* scaling) {
  if (scaling == nullptr) return std::string("default");
  const JsonValue* value = scaling->Find("rope_type");
  if (value == nullptr) return std::string("default");
  if (!value->is_string()) {
    return reader.Error(*value,
                        absl::StrCat("\"rope_type\" must be a string (default, "
                                     "llama3 or yarn), got ",
                                     JsonValue::TypeName(value->type())));
  }
  return value->text();
}

// The scaling keys of rope_type `type`, into `rotary`.
absl::Status ImportScaling(const ConfigReader& reader, const JsonValue& scaling,
                           const std::string& type, RotaryConfig* rotary) {
  // A required numeric scaling key (Fast-LLM reads them with []).
  const auto required = [&](const char* key) -> absl::StatusOr<double> {
    const JsonValue* entry = scaling.Find(key);
    if (entry == nullptr || !entry->is_number()) {
      return reader.Error(
          scaling, absl::StrCat("rope_type \"", type, "\" needs a numeric \"",
                                key, "\""));
    }
    return entry->number();
  };
  // In Fast-LLM's order, so the first missing key is the one it names.
  ASSIGN_OR_RETURN(const double factor, required("factor"));
  rotary->set_scale_factor(factor);
  if (type == "llama3") {
    rotary->set_type(RotaryConfig::LLAMA3);
    ASSIGN_OR_RETURN(const double low, required("low_freq_factor"));
    ASSIGN_OR_RETURN(const double high, required("high_freq_factor"));
    ASSIGN_OR_RETURN(const double original,
                     required("original_max_position_embeddings"));
    rotary->set_low_frequency_factor(low);
    rotary->set_high_frequency_factor(high);
    rotary->set_original_context_length(static_cast<int64_t>(original));
    return absl::OkStatus();
  }
  rotary->set_type(RotaryConfig::YARN);
  ASSIGN_OR_RETURN(const double beta_fast, required("beta_fast"));
  ASSIGN_OR_RETURN(const double beta_slow, required("beta_slow"));
  ASSIGN_OR_RETURN(const double original,
                   required("original_max_position_embeddings"));
  rotary->set_beta_fast(beta_fast);
  rotary->set_beta_slow(beta_slow);
  rotary->set_original_context_length(static_cast<int64_t>(original));
  const JsonValue* attention_factor = scaling.Find("attention_factor");
  if (attention_factor == nullptr) {
    return reader.Error(scaling,
                        "rope_type \"yarn\" needs \"attention_factor\"");
  }
  if (attention_factor->is_number()) {
    rotary->set_attention_factor(attention_factor->number());
  } else if (!attention_factor->is_null()) {
    return reader.Error(
        *attention_factor,
        absl::StrCat("\"attention_factor\" must be a number or null, got ",
                     JsonValue::TypeName(attention_factor->type())));
  }
  return absl::OkStatus();
}

}  // namespace

// llama.py's _llama_rotary_import.
absl::Status ImportRotary(const ConfigReader& reader, double default_theta,
                          RotaryConfig* rotary) {
  ASSIGN_OR_RETURN(const auto keys, RotaryKeys(reader, default_theta));
  const auto [theta, scaling] = keys;
  ASSIGN_OR_RETURN(const std::string type, RopeType(reader, scaling));
  if (type == "default") {
    rotary->set_type(RotaryConfig::DEFAULT);
  } else if (type == "llama3" || type == "yarn") {
    RETURN_IF_ERROR(ImportScaling(reader, *scaling, type, rotary));
  } else {
    return reader.Error(*scaling, absl::StrCat("unsupported rope_type \"", type,
                                               "\"; Fast-LLM imports default, "
                                               "llama3 and yarn"));
  }
  if (!(theta > 0)) {
    return reader.Error(reader.config(), "rope_theta must be positive");
  }
  rotary->set_theta(theta);
  return absl::OkStatus();
}

// A Llama-family config.json. Without `with_attention` (an Apriel hybrid
// whose layout has no attention block, for which Fast-LLM writes no
// attention keys) the block's mixer is left for the caller to set.
absl::StatusOr<ModelConfig> ImportLlamaFamily(const LlamaFamily& family,
                                              const ConfigReader& reader,
                                              bool with_attention) {
  ModelConfig model;
  ASSIGN_OR_RETURN(const int64_t hidden, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const int64_t vocab, reader.PositiveInt("vocab_size"));
  ASSIGN_OR_RETURN(const int64_t layers,
                   reader.PositiveInt("num_hidden_layers"));
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("rms_norm_eps", 1e-6));
  ASSIGN_OR_RETURN(const bool tied, reader.Bool("tie_word_embeddings", false));
  ASSIGN_OR_RETURN(const Activation activation, ImportActivation(reader));

  model.set_hidden_size(hidden);
  model.set_tied_embedding_weight(tied);
  model.mutable_embeddings()->set_vocab_size(vocab);
  BlockSequenceConfig* decoder = model.mutable_decoder();
  decoder->set_type(BlockSequenceConfig::FIXED);
  decoder->set_num_blocks(layers);
  DecoderBlockConfig* block = decoder->mutable_block();
  if (with_attention) {
    RETURN_IF_ERROR(ImportLlamaAttention(
        family, reader, hidden, block->mutable_mixer()->mutable_attention()));
  }
  MLPConfig* mlp = block->mutable_mlp();
  mlp->set_intermediate_size(intermediate);
  mlp->set_gated(true);
  mlp->set_activation(activation);
  if (family.biases) {
    ASSIGN_OR_RETURN(const bool mlp_bias, reader.Bool("mlp_bias", false));
    mlp->set_add_linear_biases(mlp_bias);
  } else {
    mlp->set_add_linear_biases(false);
  }
  if (family.moe) {
    ASSIGN_OR_RETURN(const int64_t experts,
                     reader.PositiveInt("num_local_experts"));
    ASSIGN_OR_RETURN(const int64_t per_token,
                     reader.PositiveInt("num_experts_per_tok"));
    mlp->set_type(MLPConfig::MOE);
    mlp->set_experts(experts);
    mlp->set_experts_per_token(per_token);
    mlp->set_shared_experts(0);
  }
  NormalizationConfig* normalization = block->mutable_normalization();
  normalization->set_type(NormalizationConfig::RMS_NORM);
  normalization->set_epsilon(epsilon);
  *model.mutable_head()->mutable_normalization() = *normalization;
  if (family.prediction_heads) {
    const int64_t one = 1;
    ASSIGN_OR_RETURN(const int64_t prediction_heads,
                     reader.PositiveInt("prediction_heads", &one));
    model.mutable_head()->set_prediction_heads(prediction_heads);
  }
  return model;
}

std::set<std::string> LlamaFamilyClaims(const LlamaFamily& family) {
  std::set<std::string> claims = {
      "vocab_size",          "hidden_size",       "tie_word_embeddings",
      "num_hidden_layers",   "rms_norm_eps",      "num_attention_heads",
      "num_key_value_heads", "attention_dropout", "rope_theta",
      "rope_scaling",        "rope_parameters",   "intermediate_size",
      "hidden_act"};
  if (family.head_dim) claims.insert("head_dim");
  if (family.biases) {
    claims.insert("attention_bias");
    claims.insert("mlp_bias");
  }
  if (family.sliding_window) claims.insert("sliding_window");
  if (family.prediction_heads) claims.insert("prediction_heads");
  for (const char* key : family.extra_claims) claims.insert(key);
  return claims;
}

// A per-layer bias flag must be unset or equal its owner's default.
absl::Status CheckLayerBias(absl::string_view format, absl::string_view field,
                            const AffineLinearConfig& layer,
                            bool default_bias) {
  if (layer.bias().has_enabled() && layer.bias().enabled() != default_bias) {
    return CannotExport(format, field,
                        "a per-layer bias override; the format has one "
                        "attention_bias and one mlp_bias");
  }
  return absl::OkStatus();
}

// The config.json object of a Llama-family model; `top_level` adds
// `architectures` (a Llava text_config has only model_type). With
// `attention_optional` (an Apriel hybrid whose blocks have no attention),
// a block without attention exports no attention keys, as Fast-LLM's
// per-mixer block converters write only the keys of the blocks present.
absl::StatusOr<JsonObject> ExportLlamaFamily(const LlamaFamily& family,
                                             const ModelConfig& input,
                                             const ModelConfig& model,
                                             TransformersLayout layout,
                                             bool top_level,
                                             bool attention_optional) {
  const absl::string_view format = family.name;
  if (model.has_vision_encoder()) {
    return CannotExport(format, "vision_encoder",
                        "a text format has no vision encoder");
  }
  const std::vector<const DecoderBlockConfig*> blocks = [&] {
    std::vector<const DecoderBlockConfig*> all;
    const BlockSequenceConfig& decoder = model.decoder();
    if (decoder.type() == BlockSequenceConfig::PATTERN) {
      for (const std::string& name : decoder.pattern()) {
        all.push_back(&decoder.blocks().at(name));
      }
    } else {
      all.push_back(&decoder.block());
    }
    return all;
  }();
  for (const DecoderBlockConfig* other : blocks) {
    if (other->SerializeAsString() != blocks.front()->SerializeAsString()) {
      return CannotExport(format, "decoder.blocks",
                          "the blocks differ; the format has one block config");
    }
  }
  // The block as written, for the fields whose presence matters.
  const DecoderBlockConfig& written =
      input.decoder().type() == BlockSequenceConfig::PATTERN
          ? input.decoder().blocks().at(input.decoder().pattern(0))
          : input.decoder().block();
  const DecoderBlockConfig& block = *blocks.front();
  const bool with_attention = block.mixer().has_attention();
  if (!with_attention && !attention_optional) {
    return CannotExport(format, "decoder.block.mixer", "not attention");
  }
  const AttentionConfig& attention = block.mixer().attention();
  const MLPConfig& mlp = block.mlp();
  RETURN_IF_ERROR(CheckLlamaBlockAndModel(family, model, block, written));
  if (with_attention) {
    RETURN_IF_ERROR(CheckLlamaAttention(
        family, attention, written.mixer().attention(), model.hidden_size()));
  }

  JsonObject config;
  if (top_level) config.SetStrings("architectures", {family.architecture});
  config.Set("model_type", family.model_type);
  config.Set("hidden_size", model.hidden_size());
  config.Set("tie_word_embeddings", model.tied_embedding_weight());
  config.Set("vocab_size", model.embeddings().vocab_size());
  config.Set("num_hidden_layers", model.decoder().num_blocks());
  if (with_attention) {
    config.Set("num_attention_heads", attention.heads());
    config.Set("num_key_value_heads", attention.head_groups());
    if (family.head_dim) config.Set("head_dim", attention.head_size());
    if (family.biases) {
      config.Set("attention_bias", attention.add_linear_biases());
    }
  }
  if (family.biases) config.Set("mlp_bias", mlp.add_linear_biases());
  if (with_attention) config.Set("attention_dropout", 0.0);
  config.Set("intermediate_size", mlp.intermediate_size());
  config.Set("hidden_act", HfActivationName(mlp.activation()));
  config.Set("rms_norm_eps", block.normalization().epsilon());
  if (with_attention) {
    ExportLlamaRotary(attention.rotary(), layout, config);
    if (family.sliding_window) {
      if (attention.has_window_size()) {
        config.Set("sliding_window", attention.window_size());
      } else {
        config.SetNull("sliding_window");
      }
    }
  }
  if (family.moe) {
    config.Set("num_local_experts", mlp.experts());
    config.Set("num_experts_per_tok", mlp.experts_per_token());
  }
  if (family.prediction_heads) {
    config.Set("prediction_heads", model.head().prediction_heads());
  }
  return config;
}

}  // namespace weightwalk
