#include "converters/hf/gemma4_config.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converters/hf/config_reader.h"
#include "tools/base/status_macros.h"

namespace weightwalk {
namespace {

constexpr char kSliding[] = "sliding_attention";
constexpr char kFull[] = "full_attention";

absl::Status CannotExport(absl::string_view field, absl::string_view problem) {
  return weightwalk::CannotExport("gemma4", field, problem);
}

NormalizationConfig Norm(NormalizationConfig::Type type, double epsilon) {
  NormalizationConfig norm;
  norm.set_type(type);
  norm.set_epsilon(epsilon);
  return norm;
}

// Gemma4TextConfig's features Fast-LLM does not implement; import refuses
// them (gemma4.py's Gemma4BaseModelConverter.import_config).
absl::Status RejectUnsupported(const ConfigReader& reader) {
  const auto nonzero = [&](absl::string_view key) -> absl::Status {
    const JsonValue* value = reader.Get(key);
    if (value == nullptr) return absl::OkStatus();
    if (!value->is_number() || !value->is_integer() || value->integer() < 0) {
      return reader.Error(*value, absl::StrCat("\"", key,
                                               "\" must be a non-negative "
                                               "integer"));
    }
    if (value->integer() != 0) {
      return reader.Error(*value,
                          absl::StrCat("\"", key, "\" ", value->integer(),
                                       " is not supported by Fast-LLM "
                                       "(only 0)"));
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(nonzero("hidden_size_per_layer_input"));
  RETURN_IF_ERROR(nonzero("num_kv_shared_layers"));
  ASSIGN_OR_RETURN(const bool double_wide,
                   reader.Bool("use_double_wide_mlp", false));
  if (double_wide) {
    return reader.Error(*reader.Get("use_double_wide_mlp"),
                        "use_double_wide_mlp: true is not supported by "
                        "Fast-LLM");
  }
  if (const JsonValue* bidirectional =
          reader.Get("use_bidirectional_attention");
      bidirectional != nullptr && bidirectional->is_string() &&
      bidirectional->text() == "all") {
    return reader.Error(*bidirectional,
                        "use_bidirectional_attention: \"all\" is not "
                        "supported by Fast-LLM (the text path stays causal)");
  }
  return absl::OkStatus();
}

// rope_parameters[layer_type]: {rope_type, rope_theta[,
// partial_rotary_factor]}.
absl::Status ImportRotary(const ConfigReader& reader,
                          absl::string_view layer_type, RotaryConfig* rotary) {
  const JsonValue* parameters = reader.Get("rope_parameters");
  if (parameters == nullptr || !parameters->is_object()) {
    return reader.Error(parameters ? *parameters : reader.config(),
                        "needs an object \"rope_parameters\" with an entry "
                        "per layer type");
  }
  const JsonValue* entry = parameters->Find(layer_type);
  if (entry == nullptr || !entry->is_object()) {
    return reader.Error(*parameters,
                        absl::StrCat("\"rope_parameters\" needs an object \"",
                                     layer_type, "\""));
  }
  const auto number = [&](absl::string_view key) -> absl::StatusOr<double> {
    const JsonValue* value = entry->Find(key);
    if (value == nullptr || !value->is_number()) {
      return reader.Error(*entry,
                          absl::StrCat("rope_parameters.", layer_type,
                                       " needs a numeric \"", key, "\""));
    }
    return value->number();
  };
  ASSIGN_OR_RETURN(const double theta, number("rope_theta"));
  rotary->set_theta(theta);
  if (layer_type == kSliding) {
    rotary->set_type(RotaryConfig::DEFAULT);
  } else {
    ASSIGN_OR_RETURN(const double factor, number("partial_rotary_factor"));
    rotary->set_type(RotaryConfig::PROPORTIONAL);
    rotary->set_partial_rotary_factor(factor);
  }
  return absl::OkStatus();
}

absl::StatusOr<DecoderBlockConfig> ImportBlock(const ConfigReader& reader,
                                               absl::string_view layer_type) {
  const bool sliding = layer_type == kSliding;
  ASSIGN_OR_RETURN(const int64_t hidden, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("rms_norm_eps", 1e-6));
  ASSIGN_OR_RETURN(const int64_t heads,
                   reader.PositiveInt("num_attention_heads"));
  ASSIGN_OR_RETURN(const int64_t groups,
                   reader.PositiveInt("num_key_value_heads"));
  DecoderBlockConfig block;
  AttentionConfig* attention = block.mutable_mixer()->mutable_attention();
  attention->set_heads(heads);
  attention->set_add_linear_biases(false);
  attention->set_softmax_scale_power(0);
  *attention->mutable_query_norm() =
      Norm(NormalizationConfig::RMS_NORM, epsilon);
  *attention->mutable_key_norm() = Norm(NormalizationConfig::RMS_NORM, epsilon);
  *attention->mutable_value_norm() =
      Norm(NormalizationConfig::FIXED_RMS_NORM, epsilon);
  RETURN_IF_ERROR(
      ImportRotary(reader, layer_type, attention->mutable_rotary()));
  if (sliding) {
    ASSIGN_OR_RETURN(const int64_t head_size, reader.PositiveInt("head_dim"));
    ASSIGN_OR_RETURN(const int64_t window,
                     reader.PositiveInt("sliding_window"));
    attention->set_head_groups(groups);
    attention->set_head_size(head_size);
    attention->set_window_size(window);
  } else {
    ASSIGN_OR_RETURN(const int64_t head_size,
                     reader.PositiveInt("global_head_dim"));
    ASSIGN_OR_RETURN(const int64_t global_groups,
                     reader.PositiveInt("num_global_key_value_heads", &groups));
    ASSIGN_OR_RETURN(const bool k_eq_v, reader.Bool("attention_k_eq_v", false));
    attention->set_head_groups(global_groups);
    attention->set_head_size(head_size);
    if (k_eq_v) attention->set_shared_key_value(true);
  }
  const NormalizationConfig rms = Norm(NormalizationConfig::RMS_NORM, epsilon);
  *block.mutable_normalization() = rms;
  *block.mutable_post_mixer_normalization() = rms;
  *block.mutable_post_mlp_normalization() = rms;
  block.mutable_output_scale()->set_enabled(true);
  block.mutable_output_scale()->set_lr_scale(0);

  ASSIGN_OR_RETURN(
      const Activation activation,
      ImportActivation(reader, "hidden_activation", "gelu_pytorch_tanh"));
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const bool moe, reader.Bool("enable_moe_block", false));
  const auto gated = [&](MLPConfig* mlp, int64_t size) {
    mlp->set_intermediate_size(size);
    mlp->set_add_linear_biases(false);
    mlp->set_activation(activation);
    mlp->set_gated(true);
  };
  MLPConfig* mlp = block.mutable_mlp();
  if (!moe) {
    mlp->set_type(MLPConfig::MLP);
    gated(mlp, intermediate);
    *block.mutable_pre_mlp_normalization() = rms;
    return block;
  }
  ASSIGN_OR_RETURN(const int64_t experts, reader.PositiveInt("num_experts"));
  ASSIGN_OR_RETURN(const int64_t top_k, reader.PositiveInt("top_k_experts"));
  ASSIGN_OR_RETURN(const int64_t moe_intermediate,
                   reader.PositiveInt("moe_intermediate_size"));
  block.mutable_pre_mlp_normalization()->set_type(NormalizationConfig::NONE);
  mlp->set_type(MLPConfig::HYBRID_MOE);
  MLPConfig* dense = mlp->mutable_dense();
  dense->set_type(MLPConfig::MLP);
  gated(dense, intermediate);
  *dense->mutable_pre_norm() = rms;
  *dense->mutable_post_norm() = rms;
  MLPConfig* routed = mlp->mutable_routed();
  routed->set_type(MLPConfig::MOE);
  gated(routed, moe_intermediate);
  routed->set_experts(experts);
  routed->set_experts_per_token(top_k);
  *routed->mutable_pre_norm() = rms;
  *routed->mutable_post_norm() = rms;
  *routed->mutable_router_normalization() =
      Norm(NormalizationConfig::FIXED_RMS_NORM, epsilon);
  routed->mutable_router_scale()->set_enabled(true);
  routed->mutable_router_per_expert_scale()->set_enabled(true);
  routed->set_router_input_scale(1.0 / std::sqrt(static_cast<double>(hidden)));
  return block;
}

bool SameNorm(const NormalizationConfig& norm, NormalizationConfig::Type type,
              double epsilon) {
  return norm.type() == type && !norm.zero_centered() &&
         norm.epsilon() == epsilon;
}

// A gated MLP without biases (both of Gemma4's MLPs).
absl::Status CheckGatedMlp(const MLPConfig& mlp, absl::string_view field,
                           Activation activation) {
  if (!mlp.gated() || mlp.add_linear_biases() ||
      mlp.layer_1().bias().enabled() || mlp.layer_2().bias().enabled()) {
    return CannotExport(field, "must be gated with no biases");
  }
  if (mlp.activation() != activation) {
    return CannotExport(absl::StrCat(field, ".activation"),
                        "the format has one hidden_activation");
  }
  return absl::OkStatus();
}

// The block keys (everything but the attention's), from the sliding block.
absl::Status ExportBlock(const DecoderBlockConfig& block, double epsilon,
                         double router_input_scale, JsonObject* config) {
  constexpr char kField[] = "decoder.blocks.sliding_attention";
  const NormalizationConfig::Type rms = NormalizationConfig::RMS_NORM;
  if (!SameNorm(block.normalization(), rms, epsilon) ||
      !SameNorm(block.post_mixer_normalization(), rms, epsilon) ||
      !SameNorm(block.post_mlp_normalization(), rms, epsilon)) {
    return CannotExport(
        kField,
        "normalization, post_mixer_normalization and post_mlp_normalization "
        "must be rms_norm with the query norm's epsilon (rms_norm_eps)");
  }
  if (block.has_pre_mixer_normalization() &&
      !SameNorm(block.pre_mixer_normalization(), rms, epsilon)) {
    return CannotExport(absl::StrCat(kField, ".pre_mixer_normalization"),
                        "must be the block's normalization");
  }
  if (!block.output_scale().enabled()) {
    return CannotExport(absl::StrCat(kField, ".output_scale"),
                        "must be enabled (HF's layer_scalar)");
  }
  const MLPConfig& mlp = block.mlp();
  if (mlp.type() == MLPConfig::MLP) {
    RETURN_IF_ERROR(
        CheckGatedMlp(mlp, absl::StrCat(kField, ".mlp"), mlp.activation()));
    if (mlp.has_pre_norm() || mlp.has_post_norm() ||
        !SameNorm(block.pre_mlp_normalization(), rms, epsilon)) {
      return CannotExport(absl::StrCat(kField, ".pre_mlp_normalization"),
                          "a dense block has the block's rms_norm before "
                          "the MLP and no MLP norms");
    }
    config->Set("intermediate_size", mlp.intermediate_size());
    config->Set("hidden_activation", HfActivationName(mlp.activation()));
    config->Set("enable_moe_block", false);
    return absl::OkStatus();
  }
  if (mlp.type() != MLPConfig::HYBRID_MOE) {
    return CannotExport(absl::StrCat(kField, ".mlp.type"),
                        "must be mlp or hybrid_moe");
  }
  if (block.pre_mlp_normalization().type() != NormalizationConfig::NONE) {
    return CannotExport(absl::StrCat(kField, ".pre_mlp_normalization"),
                        "a hybrid_moe block has none (the MLPs have norms)");
  }
  const MLPConfig& dense = mlp.dense();
  const MLPConfig& routed = mlp.routed();
  const Activation activation = dense.activation();
  RETURN_IF_ERROR(
      CheckGatedMlp(dense, absl::StrCat(kField, ".mlp.dense"), activation));
  RETURN_IF_ERROR(
      CheckGatedMlp(routed, absl::StrCat(kField, ".mlp.routed"), activation));
  for (const auto& [part, name] :
       {std::pair{&dense, "dense"}, std::pair{&routed, "routed"}}) {
    if (!SameNorm(part->pre_norm(), rms, epsilon) ||
        !SameNorm(part->post_norm(), rms, epsilon)) {
      return CannotExport(absl::StrCat(kField, ".mlp.", name),
                          "pre_norm and post_norm must be rms_norm with "
                          "rms_norm_eps");
    }
  }
  if (routed.shared_experts() != 0 || routed.routing() == MLPConfig::SINKHORN ||
      !SameNorm(routed.router_normalization(),
                NormalizationConfig::FIXED_RMS_NORM, epsilon) ||
      !routed.router_scale().enabled() ||
      !routed.router_per_expert_scale().enabled() ||
      std::abs(routed.router_input_scale() - router_input_scale) >
          1e-12 * router_input_scale) {
    return CannotExport(
        absl::StrCat(kField, ".mlp.routed"),
        "needs top-k routing, no shared experts, a fixed_rms_norm router "
        "normalization, router_scale and router_per_expert_scale, and "
        "router_input_scale hidden_size^-0.5");
  }
  config->Set("intermediate_size", dense.intermediate_size());
  config->Set("hidden_activation", HfActivationName(activation));
  config->Set("enable_moe_block", true);
  config->Set("num_experts", routed.experts());
  config->Set("top_k_experts", routed.experts_per_token());
  config->Set("moe_intermediate_size", routed.intermediate_size());
  return absl::OkStatus();
}

}  // namespace

std::set<std::string> Gemma4Claims() {
  return {"vocab_size",
          "num_hidden_layers",
          "layer_types",
          "num_attention_heads",
          "num_key_value_heads",
          "head_dim",
          "global_head_dim",
          "num_global_key_value_heads",
          "attention_bias",
          "attention_dropout",
          "sliding_window",
          "rms_norm_eps",
          "attention_k_eq_v",
          "rope_parameters",
          "intermediate_size",
          "hidden_activation",
          "enable_moe_block",
          "num_experts",
          "top_k_experts",
          "moe_intermediate_size",
          "final_logit_softcapping",
          "hidden_size",
          "tie_word_embeddings",
          "hidden_size_per_layer_input",
          "num_kv_shared_layers",
          "use_double_wide_mlp",
          "use_bidirectional_attention",
          "vocab_size_per_layer_input"};
}

absl::StatusOr<ModelConfig> ImportGemma4(const JsonValue& config,
                                         absl::string_view path) {
  const ConfigReader reader(config, path);
  RETURN_IF_ERROR(RejectUnsupported(reader));
  if (const JsonValue* bias = reader.Get("attention_bias");
      bias != nullptr && bias->is_bool() && bias->boolean()) {
    return reader.Error(*bias,
                        "attention_bias: true is not supported by the "
                        "gemma4 format (it has no biases)");
  }
  ASSIGN_OR_RETURN(const int64_t hidden, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const int64_t vocab, reader.PositiveInt("vocab_size"));
  ASSIGN_OR_RETURN(const int64_t layers,
                   reader.PositiveInt("num_hidden_layers"));
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("rms_norm_eps", 1e-6));
  ASSIGN_OR_RETURN(const bool tied, reader.Bool("tie_word_embeddings", true));
  const JsonValue* layer_types = reader.Get("layer_types");
  if (layer_types == nullptr || !layer_types->is_array() ||
      layer_types->elements().empty()) {
    return reader.Error(layer_types ? *layer_types : config,
                        "needs a non-empty array \"layer_types\"");
  }
  ModelConfig model;
  model.set_hidden_size(hidden);
  model.set_tied_embedding_weight(tied);
  model.mutable_embeddings()->set_vocab_size(vocab);
  model.mutable_embeddings()->set_embedding_scale(
      std::sqrt(static_cast<double>(hidden)));
  BlockSequenceConfig* decoder = model.mutable_decoder();
  decoder->set_type(BlockSequenceConfig::PATTERN);
  decoder->set_num_blocks(layers);
  for (const JsonValue& type : layer_types->elements()) {
    if (!type.is_string() ||
        (type.text() != kSliding && type.text() != kFull)) {
      return reader.Error(
          type, absl::StrCat("layer_types entries must be \"", kSliding,
                             "\" or \"", kFull, "\""));
    }
    decoder->add_pattern(type.text());
    if (decoder->blocks().count(type.text())) continue;
    ASSIGN_OR_RETURN(DecoderBlockConfig block,
                     ImportBlock(reader, type.text()));
    (*decoder->mutable_blocks())[type.text()] = std::move(block);
  }
  HeadConfig* head = model.mutable_head();
  *head->mutable_normalization() = Norm(NormalizationConfig::RMS_NORM, epsilon);
  if (reader.Get("final_logit_softcapping") != nullptr) {
    ASSIGN_OR_RETURN(const double softcap,
                     reader.Number("final_logit_softcapping", 0));
    head->set_final_logit_softcap(softcap);
  }
  return model;
}

absl::StatusOr<JsonObject> ExportGemma4(const ModelConfig& model) {
  if (model.has_vision_encoder()) {
    return CannotExport("vision_encoder",
                        "a text format has no vision encoder");
  }
  const BlockSequenceConfig& decoder = model.decoder();
  if (decoder.type() != BlockSequenceConfig::PATTERN ||
      decoder.blocks().size() != 2 || !decoder.blocks().count(kSliding) ||
      !decoder.blocks().count(kFull)) {
    return CannotExport("decoder",
                        "must be a pattern decoder with exactly the blocks "
                        "sliding_attention and full_attention");
  }
  const DecoderBlockConfig& sliding_block = decoder.blocks().at(kSliding);
  const DecoderBlockConfig& full_block = decoder.blocks().at(kFull);
  // The format writes one set of block keys: the full block may differ from
  // the sliding block in its mixer only.
  DecoderBlockConfig sliding_rest = sliding_block;
  DecoderBlockConfig full_rest = full_block;
  sliding_rest.clear_mixer();
  full_rest.clear_mixer();
  if (sliding_rest.SerializeAsString() != full_rest.SerializeAsString()) {
    return CannotExport("decoder.blocks.full_attention",
                        "differs from sliding_attention outside its mixer; "
                        "the format has one set of norm and MLP keys");
  }
  if (!sliding_block.mixer().has_attention() ||
      !full_block.mixer().has_attention()) {
    return CannotExport("decoder.blocks.*.mixer", "must be attention");
  }
  const AttentionConfig& sliding = sliding_block.mixer().attention();
  const AttentionConfig& full = full_block.mixer().attention();
  const double epsilon = sliding.query_norm().epsilon();
  for (const auto& [attention, name] :
       {std::pair{&sliding, kSliding}, std::pair{&full, kFull}}) {
    const std::string field = absl::StrCat("decoder.blocks.", name, ".mixer");
    if (attention->add_linear_biases() ||
        attention->query_layer().bias().enabled() ||
        attention->key_layer().bias().enabled() ||
        attention->dense_layer().bias().enabled()) {
      return CannotExport(field, "must have no biases (attention_bias=false)");
    }
    if (!attention->causal() || attention->softmax_scale_power() != 0) {
      return CannotExport(field,
                          "needs causal attention and "
                          "softmax_scale_power 0");
    }
    if (!SameNorm(attention->query_norm(), NormalizationConfig::RMS_NORM,
                  epsilon) ||
        !SameNorm(attention->key_norm(), NormalizationConfig::RMS_NORM,
                  epsilon) ||
        attention->value_norm().type() != NormalizationConfig::FIXED_RMS_NORM) {
      return CannotExport(field,
                          "needs rms_norm query and key norms with one "
                          "epsilon and a fixed_rms_norm value norm");
    }
    if (attention->heads() != sliding.heads()) {
      return CannotExport(absl::StrCat(field, ".heads"),
                          "the format has one num_attention_heads");
    }
  }
  if (sliding.rotary().type() != RotaryConfig::DEFAULT) {
    return CannotExport("decoder.blocks.sliding_attention.mixer.rotary",
                        "must be default");
  }
  if (full.rotary().type() != RotaryConfig::PROPORTIONAL) {
    return CannotExport("decoder.blocks.full_attention.mixer.rotary",
                        "must be proportional");
  }
  if (!sliding.has_window_size() || full.has_window_size()) {
    return CannotExport("decoder.blocks.*.mixer.window_size",
                        "the sliding block needs a window and the full block "
                        "none");
  }
  if (sliding.shared_key_value()) {
    return CannotExport(
        "decoder.blocks.sliding_attention.mixer."
        "shared_key_value",
        "only the full block may share keys and values");
  }
  const double hidden = static_cast<double>(model.hidden_size());
  if (model.embeddings().position_embeddings().enabled()) {
    return CannotExport("embeddings.position_embeddings", "must be disabled");
  }
  if (std::abs(model.embeddings().embedding_scale() - std::sqrt(hidden)) >
      1e-9 * std::sqrt(hidden)) {
    return CannotExport("embeddings.embedding_scale",
                        "Gemma 4 hard-codes sqrt(hidden_size)");
  }
  if (!SameNorm(model.head().normalization(), NormalizationConfig::RMS_NORM,
                epsilon)) {
    return CannotExport("head.normalization",
                        "must be rms_norm with the blocks' epsilon (both are "
                        "rms_norm_eps)");
  }
  if (model.head().prediction_heads() != 1) {
    return CannotExport("head.prediction_heads", "must be 1");
  }

  JsonObject config;
  config.SetStrings("architectures", {kGemma4Architecture});
  config.Set("model_type", "gemma4_text");
  config.Set("hidden_size", model.hidden_size());
  config.Set("tie_word_embeddings", model.tied_embedding_weight());
  config.Set("vocab_size", model.embeddings().vocab_size());
  config.Set("num_hidden_layers", decoder.num_blocks());
  std::vector<std::string> layer_types;
  for (int64_t i = 0; i < decoder.num_blocks(); ++i) {
    layer_types.push_back(decoder.pattern(i % decoder.pattern_size()));
  }
  config.SetStrings("layer_types", layer_types);
  config.Set("num_attention_heads", sliding.heads());
  config.Set("num_key_value_heads", sliding.head_groups());
  config.Set("head_dim", sliding.head_size());
  config.Set("global_head_dim", full.head_size());
  if (full.head_groups() == sliding.head_groups()) {
    config.SetNull("num_global_key_value_heads");
  } else {
    config.Set("num_global_key_value_heads", full.head_groups());
  }
  config.Set("attention_bias", false);
  config.Set("attention_dropout", 0.0);
  config.Set("sliding_window", sliding.window_size());
  config.Set("rms_norm_eps", epsilon);
  config.Set("attention_k_eq_v", full.shared_key_value());
  JsonObject rope;
  JsonObject sliding_rope;
  sliding_rope.Set("rope_type", "default");
  sliding_rope.Set("rope_theta", sliding.rotary().theta());
  JsonObject full_rope;
  full_rope.Set("rope_type", "proportional");
  full_rope.Set("rope_theta", full.rotary().theta());
  full_rope.Set("partial_rotary_factor", full.rotary().partial_rotary_factor());
  rope.Set(kSliding, sliding_rope);
  rope.Set(kFull, full_rope);
  config.Set("rope_parameters", rope);
  RETURN_IF_ERROR(
      ExportBlock(sliding_block, epsilon, 1.0 / std::sqrt(hidden), &config));
  if (model.head().has_final_logit_softcap()) {
    config.Set("final_logit_softcapping", model.head().final_logit_softcap());
  }
  config.Set("hidden_size_per_layer_input", int64_t{0});
  config.Set("num_kv_shared_layers", int64_t{0});
  config.Set("use_double_wide_mlp", false);
  config.SetNull("use_bidirectional_attention");
  return config;
}

}  // namespace weightwalk
