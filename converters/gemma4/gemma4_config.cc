#include "converters/gemma4/gemma4_config.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/hf/config_reader.h"

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

// The attention of a block of `layer_type`: the sliding or the full one.
absl::Status ImportAttention(const ConfigReader& reader,
                             absl::string_view layer_type, double epsilon,
                             AttentionConfig* attention) {
  ASSIGN_OR_RETURN(const int64_t heads,
                   reader.PositiveInt("num_attention_heads"));
  ASSIGN_OR_RETURN(const int64_t groups,
                   reader.PositiveInt("num_key_value_heads"));
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
  if (layer_type == kSliding) {
    ASSIGN_OR_RETURN(const int64_t head_size, reader.PositiveInt("head_dim"));
    ASSIGN_OR_RETURN(const int64_t window,
                     reader.PositiveInt("sliding_window"));
    attention->set_head_groups(groups);
    attention->set_head_size(head_size);
    attention->set_window_size(window);
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const int64_t head_size,
                   reader.PositiveInt("global_head_dim"));
  ASSIGN_OR_RETURN(const int64_t global_groups,
                   reader.PositiveInt("num_global_key_value_heads", &groups));
  ASSIGN_OR_RETURN(const bool k_eq_v, reader.Bool("attention_k_eq_v", false));
  attention->set_head_groups(global_groups);
  attention->set_head_size(head_size);
  if (k_eq_v) attention->set_shared_key_value(true);
  return absl::OkStatus();
}

// The block's MLP: a gated one, or (enable_moe_block) a dense MLP beside
// routed experts, each with its own norms.
absl::Status ImportMlp(const ConfigReader& reader, int64_t hidden,
                       double epsilon, DecoderBlockConfig& block) {
  const NormalizationConfig rms = Norm(NormalizationConfig::RMS_NORM, epsilon);
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
    return absl::OkStatus();
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
  return absl::OkStatus();
}

absl::StatusOr<DecoderBlockConfig> ImportBlock(const ConfigReader& reader,
                                               absl::string_view layer_type) {
  ASSIGN_OR_RETURN(const int64_t hidden, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("rms_norm_eps", 1e-6));
  DecoderBlockConfig block;
  RETURN_IF_ERROR(ImportAttention(reader, layer_type, epsilon,
                                  block.mutable_mixer()->mutable_attention()));
  const NormalizationConfig rms = Norm(NormalizationConfig::RMS_NORM, epsilon);
  *block.mutable_normalization() = rms;
  *block.mutable_post_mixer_normalization() = rms;
  *block.mutable_post_mlp_normalization() = rms;
  block.mutable_output_scale()->set_enabled(true);
  block.mutable_output_scale()->set_lr_scale(0);
  RETURN_IF_ERROR(ImportMlp(reader, hidden, epsilon, block));
  return block;
}

// What Fast-LLM's Gemma4MLPConverter.export_config asserts.
absl::Status CheckGatedMlp(const MLPConfig& mlp, absl::string_view field) {
  if (!mlp.gated()) return CannotExport(field, "must be gated");
  if (mlp.add_linear_biases()) {
    return CannotExport(absl::StrCat(field, ".add_linear_biases"),
                        "must be false");
  }
  return absl::OkStatus();
}

// LlamaNormalizationConverter.export_config: an rms_norm, not
// zero-centered.
absl::Status CheckRmsNorm(const NormalizationConfig& norm,
                          absl::string_view field) {
  if (norm.type() != NormalizationConfig::RMS_NORM || norm.zero_centered()) {
    return CannotExport(field, "must be a plain rms_norm (rms_norm_eps)");
  }
  return absl::OkStatus();
}

// The block keys (everything but the attention's), from the sliding block,
// checked as Fast-LLM's Gemma4BlockConverter checks them and no further:
// what it does not write (post norms, the output scale, the full block's
// MLP) the config round trip reports.
absl::Status ExportBlock(const DecoderBlockConfig& block, double epsilon,
                         double router_input_scale, JsonObject* config) {
  constexpr char kField[] = "decoder.blocks.sliding_attention";
  RETURN_IF_ERROR(CheckRmsNorm(block.normalization(),
                               absl::StrCat(kField, ".normalization")));
  if (block.normalization().epsilon() != epsilon) {
    return CannotExport(absl::StrCat(kField, ".normalization.epsilon"),
                        "must be the query norm's (both are rms_norm_eps)");
  }
  const MLPConfig& mlp = block.mlp();
  if (mlp.type() != MLPConfig::HYBRID_MOE) {
    RETURN_IF_ERROR(CheckGatedMlp(mlp, absl::StrCat(kField, ".mlp")));
    config->Set("intermediate_size", mlp.intermediate_size());
    config->Set("hidden_activation", HfActivationName(mlp.activation()));
    config->Set("enable_moe_block", false);
    return absl::OkStatus();
  }
  const MLPConfig& dense = mlp.dense();
  const MLPConfig& routed = mlp.routed();
  RETURN_IF_ERROR(CheckGatedMlp(dense, absl::StrCat(kField, ".mlp.dense")));
  RETURN_IF_ERROR(CheckGatedMlp(routed, absl::StrCat(kField, ".mlp.routed")));
  if (routed.router_normalization().type() !=
          NormalizationConfig::FIXED_RMS_NORM ||
      !routed.router_scale().enabled() ||
      !routed.router_per_expert_scale().enabled() ||
      routed.router_input_scale() != router_input_scale) {
    return CannotExport(
        absl::StrCat(kField, ".mlp.routed"),
        "needs a fixed_rms_norm router normalization, router_scale and "
        "router_per_expert_scale, and router_input_scale hidden_size^-0.5");
  }
  config->Set("intermediate_size", dense.intermediate_size());
  config->Set("hidden_activation", HfActivationName(dense.activation()));
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
  ASSIGN_OR_RETURN(const bool bias, reader.Bool("attention_bias", false));
  if (bias) {
    return reader.Error(*reader.Get("attention_bias"),
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

// Fast-LLM's Gemma4 export compares a block's explicit pre-mixer (and, in a
// dense block, pre-MLP) normalization with its normalization using ==, and
// that comparison raises (the config objects have no _unknown_fields;
// fast_llm/models/gpt/conversion/gemma4.py, Gemma4BlockConverter): such a
// model never exports, whatever the norms are.
absl::Status CheckFastLlmCanCompareNorms(const ModelConfig& written) {
  // In Fast-LLM's order: the sliding block, then the full one.
  for (const char* name : {kSliding, kFull}) {
    const auto it = written.decoder().blocks().find(name);
    if (it == written.decoder().blocks().end()) continue;
    const DecoderBlockConfig& block = it->second;
    const bool dense = block.mlp().type() != MLPConfig::HYBRID_MOE;
    for (const auto& [present, field] :
         {std::pair{block.has_pre_mixer_normalization(),
                    "pre_mixer_normalization"},
          std::pair{dense && block.has_pre_mlp_normalization(),
                    "pre_mlp_normalization"}}) {
      if (present) {
        return CannotExport(
            absl::StrCat("decoder.blocks.", name, ".", field),
            "Fast-LLM's gemma4 export fails on it (it compares the norm "
            "configs with ==, which raises AttributeError: no "
            "_unknown_fields); leave it unset to mean the block's "
            "normalization");
      }
    }
  }
  return absl::OkStatus();
}

namespace {

// What Fast-LLM's Gemma4 export checks of the attention, the embeddings
// and the head: the two blocks' attention, the norms, the scale.
absl::Status CheckAttentionAndModel(const ModelConfig& model) {
  const BlockSequenceConfig& decoder = model.decoder();
  const DecoderBlockConfig& sliding_block = decoder.blocks().at(kSliding);
  const DecoderBlockConfig& full_block = decoder.blocks().at(kFull);
  if ((sliding_block.mlp().type() == MLPConfig::HYBRID_MOE) !=
      (full_block.mlp().type() == MLPConfig::HYBRID_MOE)) {
    return CannotExport("decoder.blocks.full_attention.mlp.type",
                        "one block is hybrid_moe and the other is not; the "
                        "format has one enable_moe_block");
  }
  if (!sliding_block.mixer().has_attention() ||
      !full_block.mixer().has_attention()) {
    return CannotExport("decoder.blocks.*.mixer", "must be attention");
  }
  const AttentionConfig& sliding = sliding_block.mixer().attention();
  const AttentionConfig& full = full_block.mixer().attention();
  constexpr char kSlidingMixer[] = "decoder.blocks.sliding_attention.mixer";
  if (sliding.add_linear_biases()) {
    return CannotExport(absl::StrCat(kSlidingMixer, ".add_linear_biases"),
                        "must be false");
  }
  // Every rotary type but none is a DefaultRotaryConfig.
  if (sliding.rotary().type() == RotaryConfig::NONE) {
    return CannotExport(absl::StrCat(kSlidingMixer, ".rotary"),
                        "must be a default rotary embedding");
  }
  if (full.rotary().type() != RotaryConfig::PROPORTIONAL) {
    return CannotExport("decoder.blocks.full_attention.mixer.rotary",
                        "must be proportional");
  }
  if (!sliding.has_query_norm() || !sliding.has_key_norm() ||
      sliding.query_norm().type() != NormalizationConfig::RMS_NORM ||
      sliding.key_norm().type() != NormalizationConfig::RMS_NORM ||
      !sliding.has_value_norm() ||
      sliding.value_norm().type() != NormalizationConfig::FIXED_RMS_NORM) {
    return CannotExport(kSlidingMixer,
                        "needs rms_norm query and key norms and a "
                        "fixed_rms_norm value norm");
  }
  const double epsilon = sliding.query_norm().epsilon();
  const double hidden = static_cast<double>(model.hidden_size());
  if (model.embeddings().position_embeddings().enabled()) {
    return CannotExport("embeddings.position_embeddings", "must be disabled");
  }
  if (model.embeddings().embedding_scale() != std::pow(hidden, 0.5)) {
    return CannotExport("embeddings.embedding_scale",
                        "Gemma 4 hard-codes sqrt(hidden_size)");
  }
  RETURN_IF_ERROR(
      CheckRmsNorm(model.head().normalization(), "head.normalization"));
  if (model.head().normalization().epsilon() != epsilon) {
    return CannotExport("head.normalization.epsilon",
                        "must be the blocks' (both are rms_norm_eps)");
  }

  return absl::OkStatus();
}

// The attention keys of both blocks, into `config`.
void ExportAttention(const AttentionConfig& sliding,
                     const AttentionConfig& full, JsonObject& config) {
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
  if (sliding.has_window_size()) {
    config.Set("sliding_window", sliding.window_size());
  } else {
    config.SetNull("sliding_window");
  }
  config.Set("rms_norm_eps", sliding.query_norm().epsilon());
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
}

}  // namespace

absl::StatusOr<JsonObject> ExportGemma4(const ModelConfig& written,
                                        const ModelConfig& model) {
  if (model.has_vision_encoder()) {
    return CannotExport("vision_encoder",
                        "a text format has no vision encoder");
  }
  // Fast-LLM's Gemma4 converters check what follows and no more; a field
  // they do not write (a second block's window, heads or output scale, MTP
  // heads, ...) is left to the config round trip to report.
  const BlockSequenceConfig& decoder = model.decoder();
  if (decoder.type() != BlockSequenceConfig::PATTERN ||
      !decoder.blocks().count(kSliding) || !decoder.blocks().count(kFull)) {
    return CannotExport("decoder",
                        "must be a pattern decoder with the blocks "
                        "sliding_attention and full_attention");
  }
  RETURN_IF_ERROR(CheckFastLlmCanCompareNorms(written));
  RETURN_IF_ERROR(CheckAttentionAndModel(model));
  const DecoderBlockConfig& sliding_block = decoder.blocks().at(kSliding);
  const AttentionConfig& sliding = sliding_block.mixer().attention();
  const AttentionConfig& full = decoder.blocks().at(kFull).mixer().attention();
  const double hidden = static_cast<double>(model.hidden_size());

  JsonObject config;
  config.SetStrings("architectures", {"Gemma4ForCausalLM"});
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
  ExportAttention(sliding, full, config);
  // Fast-LLM compares with Python's hidden_size ** -0.5, which is pow().
  RETURN_IF_ERROR(ExportBlock(sliding_block, sliding.query_norm().epsilon(),
                              std::pow(hidden, -0.5), &config));
  if (model.head().has_final_logit_softcap()) {
    config.Set("final_logit_softcapping", model.head().final_logit_softcap());
  }
  config.Set("hidden_size_per_layer_input", int64_t{0});
  config.Set("num_kv_shared_layers", int64_t{0});
  config.Set("use_double_wide_mlp", false);
  config.SetNull("use_bidirectional_attention");
  return config;
}

const ConfigCodec kGemma4Config = {
    &ImportGemma4,
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout) { return ExportGemma4(written, resolved); },
    &Gemma4Claims};

}  // namespace weightwalk
