#include "converters/hf/hf_config.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json_writer.h"
#include "base/status_macros.h"
#include "converters/hf/apriel2_config.h"
#include "converters/hf/config_reader.h"
#include "converters/hf/gemma4_config.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// hf-config-coverage.md §3a and §3b: the fixed allowlist and transformers
// 4.57's PretrainedConfig().to_dict() keys.
const absl::flat_hash_set<std::string>& Allowlist() {
  static const auto* const keys = new absl::flat_hash_set<std::string>{
      // §3a
      "auto_map", "torch_dtype", "use_cache", "is_llama_config", "bos_token_id",
      "decoder_start_token_id", "eos_token_id", "mask_token_id", "pad_token_id",
      "sep_token_id", "initializer_range", "max_position_embeddings",
      "pretraining_tp",
      // §3b
      "return_dict", "output_hidden_states", "torchscript", "dtype",
      "output_attentions", "pruned_heads", "tie_word_embeddings",
      "chunk_size_feed_forward", "is_encoder_decoder", "is_decoder",
      "cross_attention_hidden_size", "add_cross_attention",
      "tie_encoder_decoder", "architectures", "finetuning_task", "id2label",
      "label2id", "task_specific_params", "problem_type", "tokenizer_class",
      "prefix", "max_length", "min_length", "do_sample", "early_stopping",
      "num_beams", "num_beam_groups", "diversity_penalty", "temperature",
      "top_k", "top_p", "typical_p", "repetition_penalty", "length_penalty",
      "no_repeat_ngram_size", "encoder_no_repeat_ngram_size", "bad_words_ids",
      "num_return_sequences", "output_scores", "return_dict_in_generate",
      "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
      "exponential_decay_length_penalty", "suppress_tokens",
      "begin_suppress_tokens", "_name_or_path", "transformers_version",
      "model_type", "tf_legacy_loss", "use_bfloat16"};
  return *keys;
}

// How a Llama-family format reads its keys.
struct LlamaFamily {
  const char* name;
  const char* model_type;
  const char* architecture;
  bool biases;          // attention_bias / mlp_bias are read (Llama)
  bool sliding_window;  // sliding_window -> window_size (Mistral, Mixtral)
  bool head_dim;        // head_dim is read (not Qwen2)
  bool qwen2_biases;    // q/k/v biases on, dense off (Qwen2)
  bool moe;             // Mixtral's experts
  bool prediction_heads;
  std::vector<const char*> extra_claims;
};

const std::vector<LlamaFamily>& Families() {
  static const auto* const families = new std::vector<LlamaFamily>{
      {"llama",
       "llama",
       "LlamaForCausalLM",
       true,
       false,
       true,
       false,
       false,
       false,
       {}},
      {"mistral",
       "mistral",
       "MistralForCausalLM",
       false,
       true,
       true,
       false,
       false,
       false,
       {}},
      {"mixtral",
       "mixtral",
       "MixtralForCausalLM",
       false,
       true,
       true,
       false,
       true,
       false,
       {"num_local_experts", "num_experts_per_tok", "router_aux_loss_coef",
        "router_jitter_noise", "output_router_logits"}},
      {"qwen2",
       "qwen2",
       "Qwen2ForCausalLM",
       false,
       false,
       false,
       true,
       false,
       false,
       {"sliding_window", "use_sliding_window", "max_window_layers",
        "layer_types", "use_mrope"}},
      {"mtp_llama",
       "mtp_llama",
       "MTPLlamaForCausalLM",
       true,
       false,
       true,
       false,
       false,
       true,
       {}},
      {"diffusion_llama",
       "diffusion_llama",
       "DiffusionLlamaModel",
       true,
       false,
       true,
       false,
       false,
       false,
       {}},
      {"dream",
       "dream",
       "DreamModel",
       false,
       false,
       false,
       true,
       false,
       false,
       {"sliding_window", "use_sliding_window", "max_window_layers",
        "layer_types", "use_mrope"}},
  };
  return *families;
}

// Fast-LLM formats and their model_type, for detection and messages.
const std::map<std::string, std::string>& ModelTypes() {
  static const auto* const types = new std::map<std::string, std::string>{
      {"llama", "llama"},
      {"mistral", "mistral"},
      {"mixtral", "mixtral"},
      {"qwen2", "qwen2"},
      {"mtp_llama", "mtp_llama"},
      {"diffusion_llama", "diffusion_llama"},
      // Fast-LLM writes and checks "dream" (its DreamConfig); Dream-org's
      // own checkpoints say "Dream", which that class also reads.
      {"dream", "dream"},
      {"Dream", "dream"},
      {"apriel_hybrid_ssm", "apriel_hybrid_ssm"},
      {"apriel2_text", "apriel2_text"},
      {"apriel2", "apriel2"},
      {"gemma4_text", "gemma4"},
      {"llava", "llava"},
      {"llava_hybrid_ssm", "llava_hybrid_ssm"},
  };
  return *types;
}

// Fast-LLM handlers' `architecture`, for configs without a model_type.
const std::map<std::string, std::string>& Architectures() {
  static const auto* const architectures =
      new std::map<std::string, std::string>{
          {"LlamaForCausalLM", "llama"},
          {"MistralForCausalLM", "mistral"},
          {"MixtralForCausalLM", "mixtral"},
          {"Qwen2ForCausalLM", "qwen2"},
          {"MTPLlamaForCausalLM", "mtp_llama"},
          {"DiffusionLlamaModel", "diffusion_llama"},
          {"DreamModel", "dream"},
          {"AprielHybridSSMForCausalLM", "apriel_hybrid_ssm"},
          {"Apriel2ForCausalLM", "apriel2_text"},
          {"Apriel2ForConditionalGeneration", "apriel2"},
          {"Gemma4ForCausalLM", "gemma4"},
          {"LlavaForConditionalGeneration", "llava"},
          {"LlavaHybridForConditionalGeneration", "llava_hybrid_ssm"},
      };
  return *architectures;
}

// llama.py's _llama_rotary_import: v5 rope_parameters, or v4 rope_theta with
// an optional rope_scaling.
absl::Status ImportRotary(const ConfigReader& reader, double default_theta,
                          RotaryConfig* rotary) {
  const JsonValue* parameters = reader.config().Find("rope_parameters");
  const JsonValue* scaling = nullptr;
  double theta = default_theta;
  if (parameters != nullptr) {
    if (!parameters->is_object()) {
      return reader.Error(*parameters, "\"rope_parameters\" must be an object");
    }
    scaling = parameters;
    const JsonValue* value = parameters->Find("rope_theta");
    if (value == nullptr || !value->is_number()) {
      return reader.Error(*parameters,
                          "\"rope_parameters\" needs a numeric \"rope_theta\"");
    }
    theta = value->number();
  } else {
    ASSIGN_OR_RETURN(theta, reader.Number("rope_theta", default_theta));
    scaling = reader.Get("rope_scaling");
    if (scaling != nullptr && !scaling->is_object()) {
      return reader.Error(*scaling,
                          "\"rope_scaling\" must be an object or null");
    }
  }
  std::string type = "default";
  if (scaling != nullptr) {
    // Fast-LLM compares the value with "default", "llama3" and "yarn" and
    // refuses anything else, a number or a null included.
    if (const JsonValue* value = scaling->Find("rope_type")) {
      if (!value->is_string()) {
        return reader.Error(
            *value, absl::StrCat("\"rope_type\" must be a string (default, "
                                 "llama3 or yarn), got ",
                                 JsonValue::TypeName(value->type())));
      }
      type = value->text();
    }
  }
  // A required numeric scaling key (Fast-LLM reads them with []).
  const auto required = [&](const char* key, double* value) -> absl::Status {
    const JsonValue* entry = scaling->Find(key);
    if (entry == nullptr || !entry->is_number()) {
      return reader.Error(
          *scaling, absl::StrCat("rope_type \"", type, "\" needs a numeric \"",
                                 key, "\""));
    }
    *value = entry->number();
    return absl::OkStatus();
  };
  double factor = 0, original = 0;
  if (type == "default") {
    rotary->set_type(RotaryConfig::DEFAULT);
  } else if (type == "llama3") {
    rotary->set_type(RotaryConfig::LLAMA3);
    double low = 0, high = 0;
    RETURN_IF_ERROR(required("factor", &factor));
    RETURN_IF_ERROR(required("low_freq_factor", &low));
    RETURN_IF_ERROR(required("high_freq_factor", &high));
    RETURN_IF_ERROR(required("original_max_position_embeddings", &original));
    rotary->set_scale_factor(factor);
    rotary->set_low_frequency_factor(low);
    rotary->set_high_frequency_factor(high);
    rotary->set_original_context_length(static_cast<int64_t>(original));
  } else if (type == "yarn") {
    rotary->set_type(RotaryConfig::YARN);
    double beta_fast = 0, beta_slow = 0;
    RETURN_IF_ERROR(required("factor", &factor));
    RETURN_IF_ERROR(required("beta_fast", &beta_fast));
    RETURN_IF_ERROR(required("beta_slow", &beta_slow));
    RETURN_IF_ERROR(required("original_max_position_embeddings", &original));
    const JsonValue* attention_factor = scaling->Find("attention_factor");
    if (attention_factor == nullptr) {
      return reader.Error(*scaling,
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
    rotary->set_scale_factor(factor);
    rotary->set_beta_fast(beta_fast);
    rotary->set_beta_slow(beta_slow);
    rotary->set_original_context_length(static_cast<int64_t>(original));
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

// A Llama-family config.json. Without `with_attention` (an Apriel hybrid
// whose layout has no attention block, for which Fast-LLM writes no
// attention keys) the block's mixer is left for the caller to set.
absl::StatusOr<ModelConfig> ImportLlamaFamily(const LlamaFamily& family,
                                              const ConfigReader& reader,
                                              bool with_attention = true) {
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

// hf-config-coverage.md §2: the unknown paths at and under `path`. A
// claimed path covers its subtree; a path with an allowlisted segment is
// covered; an object whose every entry is unknown is reported as itself.
std::vector<std::string> UnknownPaths(const std::string& path,
                                      const std::string& key,
                                      const JsonValue& value,
                                      const std::set<std::string>& claims) {
  if (claims.count(path) || Allowlist().contains(key)) return {};
  if (!value.is_object() || value.members().empty()) return {path};
  std::vector<std::string> unknown;
  bool all_unknown = true;
  for (const auto& [child_key, child] : value.members()) {
    const std::string child_path = absl::StrCat(path, ".", child_key);
    std::vector<std::string> below =
        UnknownPaths(child_path, child_key, child, claims);
    all_unknown = all_unknown && below.size() == 1 && below[0] == child_path;
    unknown.insert(unknown.end(), below.begin(), below.end());
  }
  if (all_unknown) return {path};
  return unknown;
}

std::vector<ConfigKey> UnknownKeys(const JsonValue& config,
                                   const std::set<std::string>& claims,
                                   absl::string_view file) {
  std::vector<ConfigKey> unknown;
  for (const auto& [key, value] : config.members()) {
    for (const std::string& path : UnknownPaths(key, key, value, claims)) {
      ConfigKey& entry = unknown.emplace_back();
      entry.set_path(path);
      entry.set_location(
          absl::StrCat(file, ":", value.line(), ":", value.column()));
      if (path == key && value.is_object()) {
        for (const auto& [child_key, child] : value.members()) {
          entry.add_children(child_key);
        }
      }
    }
  }
  return unknown;
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

// The config.json object of a Llama-family model; `top_level` adds
// `architectures` (a Llava text_config has only model_type). With
// `attention_optional` (an Apriel hybrid whose blocks have no attention),
// a block without attention exports no attention keys, as Fast-LLM's
// per-mixer block converters write only the keys of the blocks present.
absl::StatusOr<JsonObject> ExportLlamaFamily(const LlamaFamily& family,
                                             const ModelConfig& input,
                                             const ModelConfig& model,
                                             TransformersLayout layout,
                                             bool top_level = true,
                                             bool attention_optional = false) {
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

// Fast-LLM asserts architectures == [architecture] (when present).
absl::Status CheckArchitecture(const ConfigReader& reader,
                               absl::string_view architecture,
                               absl::string_view format) {
  const JsonValue* architectures = reader.config().Find("architectures");
  if (architectures == nullptr || architectures->is_null())
    return absl::OkStatus();
  const bool matches = architectures->is_array() &&
                       architectures->elements().size() == 1 &&
                       architectures->elements()[0].is_string() &&
                       architectures->elements()[0].text() == architecture;
  if (!matches) {
    return reader.Error(*architectures,
                        absl::StrCat("\"architectures\" must be [\"",
                                     architecture, "\"] for format ", format));
  }
  return absl::OkStatus();
}

constexpr char kLlavaArchitecture[] = "LlavaForConditionalGeneration";
constexpr char kLlavaHybridArchitecture[] =
    "LlavaHybridForConditionalGeneration";
// Pixtral pins the vision normalization's epsilon.
constexpr double kPixtralEpsilon = 1e-5;

const LlamaFamily& Mistral() {
  return *std::find_if(
      Families().begin(), Families().end(),
      [](const LlamaFamily& f) { return f.name == std::string("mistral"); });
}

// spec §3.10 and hf-config-coverage.md §4.5: text_config is claimed whole,
// vision_config key by key, the adapter and multimodal keys at the top.
std::set<std::string> LlavaClaims() {
  std::set<std::string> claims = {"text_config",
                                  "projector_hidden_act",
                                  "multimodal_projector_bias",
                                  "type",
                                  "image_token_index",
                                  "vision_feature_select_strategy",
                                  "vision_feature_layer",
                                  "image_seq_length",
                                  "tie_word_embeddings"};
  for (const char* key :
       {"patch_size", "num_channels", "hidden_size", "model_type",
        "num_hidden_layers", "num_attention_heads", "attention_dropout",
        "rope_theta", "rope_parameters", "intermediate_size", "hidden_act",
        "head_dim", "image_size", "initializer_factor", "layer_norm_eps",
        "projection_dim", "vocab_size"}) {
    claims.insert(absl::StrCat("vision_config.", key));
  }
  return claims;
}

// apriel_hybrid_ssm, defined below: llava_hybrid_ssm's language model.
absl::StatusOr<ModelConfig> ImportAprielHybrid(const ConfigReader& reader,
                                               absl::string_view path);
absl::StatusOr<JsonObject> ExportAprielHybrid(const ModelConfig& input,
                                              const ModelConfig& model,
                                              TransformersLayout layout,
                                              bool top_level = true);

// `hybrid`: llava_hybrid_ssm, whose text_config is apriel_hybrid_ssm's.
absl::StatusOr<ModelConfig> ImportLlava(const ConfigReader& reader,
                                        absl::string_view path,
                                        bool hybrid = false) {
  const JsonValue* text = reader.Get("text_config");
  const JsonValue* vision = reader.Get("vision_config");
  if (text == nullptr || !text->is_object()) {
    return reader.Error(text ? *text : reader.config(),
                        "a llava config needs a \"text_config\" object");
  }
  if (vision == nullptr || !vision->is_object()) {
    return reader.Error(vision ? *vision : reader.config(),
                        "a llava config needs a \"vision_config\" object");
  }
  // The language model is Mistral's (or Apriel's hybrid), read from
  // text_config.
  const ConfigReader text_reader(*text, path);
  ASSIGN_OR_RETURN(ModelConfig model,
                   hybrid ? ImportAprielHybrid(text_reader, path)
                          : ImportLlamaFamily(Mistral(), text_reader));

  const ConfigReader vision_reader(*vision, path);
  ASSIGN_OR_RETURN(const int64_t width,
                   vision_reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const int64_t patch,
                   vision_reader.PositiveInt("patch_size"));
  ASSIGN_OR_RETURN(const int64_t layers,
                   vision_reader.PositiveInt("num_hidden_layers"));
  ASSIGN_OR_RETURN(const int64_t heads,
                   vision_reader.PositiveInt("num_attention_heads"));
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   vision_reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const Activation activation,
                   ImportActivation(vision_reader));
  if (const JsonValue* channels = vision_reader.Get("num_channels");
      channels != nullptr &&
      !(channels->is_integer() && channels->integer() == 3)) {
    return vision_reader.Error(*channels, "\"num_channels\" must be 3");
  }
  if (width % heads != 0) {
    return vision_reader.Error(
        *vision, absl::StrCat("vision hidden_size (", width,
                              ") must be divisible by num_attention_heads (",
                              heads, ")"));
  }
  VisionEncoderConfig* encoder = model.mutable_vision_encoder();
  encoder->set_hidden_size(width);
  PatchEmbeddingsConfig* embeddings = encoder->mutable_embeddings();
  embeddings->set_patch_height(patch);
  embeddings->set_patch_width(patch);
  embeddings->mutable_normalization()->set_type(NormalizationConfig::RMS_NORM);
  embeddings->mutable_normalization()->set_epsilon(kPixtralEpsilon);
  BlockSequenceConfig* blocks = encoder->mutable_encoder();
  blocks->set_type(BlockSequenceConfig::FIXED);
  blocks->set_num_blocks(layers);
  DecoderBlockConfig* block = blocks->mutable_block();
  AttentionConfig* attention = block->mutable_mixer()->mutable_attention();
  attention->set_heads(heads);
  attention->set_head_groups(heads);
  attention->set_head_size(width / heads);
  attention->set_add_linear_biases(false);
  attention->set_causal(false);
  attention->set_softmax_scale_power(0.5);
  double theta = 10000.0;
  if (const JsonValue* parameters = vision_reader.Get("rope_parameters")) {
    const JsonValue* value = parameters->Find("rope_theta");
    if (value == nullptr || !value->is_number()) {
      return vision_reader.Error(
          *parameters, "\"rope_parameters\" needs a numeric \"rope_theta\"");
    }
    theta = value->number();
  } else {
    ASSIGN_OR_RETURN(theta, vision_reader.Number("rope_theta", 10000.0));
  }
  attention->mutable_rotary()->set_type(RotaryConfig::DEFAULT_2D);
  attention->mutable_rotary()->set_theta(theta);
  MLPConfig* mlp = block->mutable_mlp();
  mlp->set_intermediate_size(intermediate);
  mlp->set_gated(true);
  mlp->set_activation(activation);
  mlp->set_add_linear_biases(false);
  block->mutable_normalization()->set_type(NormalizationConfig::RMS_NORM);
  block->mutable_normalization()->set_epsilon(kPixtralEpsilon);

  // The adapter: its width is read from text_config.hidden_size (and never
  // written on export).
  MLPConfig* adapter = encoder->mutable_adapter();
  adapter->set_intermediate_size(model.hidden_size());
  adapter->set_gated(false);
  ASSIGN_OR_RETURN(const bool projector_bias,
                   reader.Bool("multimodal_projector_bias", true));
  adapter->set_add_linear_biases(projector_bias);
  ASSIGN_OR_RETURN(const Activation projector_activation,
                   ImportActivation(reader, "projector_hidden_act", "gelu"));
  adapter->set_activation(projector_activation);
  ASSIGN_OR_RETURN(const int64_t image_token,
                   reader.PositiveInt("image_token_index"));
  model.set_image_token_index(image_token);
  for (const auto& [key, expected] :
       {std::pair<const char*, const char*>{"vision_feature_select_strategy",
                                            "\"full\""},
        std::pair<const char*, const char*>{"vision_feature_layer", "-1"}}) {
    const JsonValue* value = reader.Get(key);
    if (value == nullptr) continue;
    const bool ok = std::string(expected) == "-1"
                        ? value->is_integer() && value->integer() == -1
                        : value->is_string() && value->text() == "full";
    if (!ok) {
      return reader.Error(*value,
                          absl::StrCat("\"", key, "\" must be ", expected,
                                       " (Fast-LLM supports only that)"));
    }
  }
  return model;
}

absl::StatusOr<JsonObject> ExportLlava(const ModelConfig& input,
                                       const ModelConfig& model,
                                       TransformersLayout layout,
                                       bool hybrid = false) {
  const absl::string_view kFormat = hybrid ? "llava_hybrid_ssm" : "llava";
  if (!model.has_vision_encoder()) {
    return CannotExport(kFormat, "vision_encoder", "llava needs one");
  }
  if (!model.has_image_token_index()) {
    return CannotExport(kFormat, "image_token_index", "llava needs one");
  }
  // The language model: Mistral's export, under text_config.
  ModelConfig text_input = input, text_model = model;
  for (ModelConfig* text : {&text_input, &text_model}) {
    text->clear_vision_encoder();
    text->clear_image_token_index();
  }
  ASSIGN_OR_RETURN(
      const JsonObject text,
      hybrid ? ExportAprielHybrid(text_input, text_model, layout,
                                  /*top_level=*/false)
             : ExportLlamaFamily(Mistral(), text_input, text_model, layout,
                                 /*top_level=*/false));

  const VisionEncoderConfig& vision = model.vision_encoder();
  const VisionEncoderConfig& written = input.vision_encoder();
  const PatchEmbeddingsConfig& patches = vision.embeddings();
  if (patches.patch_height() != patches.patch_width()) {
    return CannotExport(kFormat, "vision_encoder.embeddings.patch_width",
                        "Pixtral has one patch_size for both sides");
  }
  if (EffectiveBias(patches.patch_embeddings(), false)) {
    return CannotExport(kFormat,
                        "vision_encoder.embeddings.patch_embeddings.bias",
                        "Pixtral's patch convolution has no bias");
  }
  const auto pixtral_norm = [](const NormalizationConfig& norm) {
    return norm.type() == NormalizationConfig::RMS_NORM &&
           !norm.zero_centered() && norm.epsilon() == kPixtralEpsilon;
  };
  if (!pixtral_norm(patches.normalization())) {
    return CannotExport(kFormat, "vision_encoder.embeddings.normalization",
                        "Pixtral pins rms_norm with epsilon 1e-5");
  }
  if (vision.encoder().type() != BlockSequenceConfig::FIXED) {
    return CannotExport(kFormat, "vision_encoder.encoder",
                        "must be a fixed sequence");
  }
  const DecoderBlockConfig& block = vision.encoder().block();
  const DecoderBlockConfig& written_block = written.encoder().block();
  if (!block.mixer().has_attention()) {
    return CannotExport(kFormat, "vision_encoder.encoder.block.mixer",
                        "not attention");
  }
  const AttentionConfig& attention = block.mixer().attention();
  if (attention.rotary().type() != RotaryConfig::DEFAULT_2D ||
      attention.head_groups() != attention.heads() ||
      attention.heads() * attention.head_size() != vision.hidden_size() ||
      attention.add_linear_biases() || attention.causal() ||
      attention.softmax_scale_power() != 0.5 || attention.shared_key_value() ||
      attention.has_query_norm() || attention.has_key_norm() ||
      attention.has_value_norm()) {
    return CannotExport(
        kFormat, "vision_encoder.encoder.block.mixer",
        "Pixtral attention is non-causal, with default_2d rotary, "
        "no GQA, no biases or norms, and heads * head_size == "
        "hidden_size");
  }
  for (const AffineLinearConfig* layer :
       {&written_block.mixer().attention().query_layer(),
        &written_block.mixer().attention().key_layer(),
        &written_block.mixer().attention().value_layer(),
        &written_block.mixer().attention().dense_layer(),
        &written_block.mlp().layer_1(), &written_block.mlp().layer_2()}) {
    if (EffectiveBias(*layer, false)) {
      return CannotExport(kFormat, "vision_encoder.encoder.block",
                          "Pixtral has no biases");
    }
  }
  const MLPConfig& mlp = block.mlp();
  if (mlp.type() != MLPConfig::MLP || !mlp.gated() || mlp.add_linear_biases() ||
      mlp.has_pre_norm() || mlp.has_post_norm()) {
    return CannotExport(kFormat, "vision_encoder.encoder.block.mlp",
                        "Pixtral's MLP is gated, without biases or norms");
  }
  if (!pixtral_norm(block.normalization()) ||
      written_block.has_pre_mixer_normalization() ||
      written_block.has_pre_mlp_normalization() ||
      block.has_post_mixer_normalization() ||
      block.has_post_mlp_normalization() || block.output_scale().enabled()) {
    return CannotExport(kFormat, "vision_encoder.encoder.block.normalization",
                        "Pixtral pins one rms_norm with epsilon 1e-5 and no "
                        "other norms or output scale");
  }
  const MLPConfig& adapter = vision.adapter();
  if (adapter.type() != MLPConfig::MLP || adapter.gated() ||
      adapter.has_pre_norm() || adapter.has_post_norm()) {
    return CannotExport(kFormat, "vision_encoder.adapter",
                        "Llava's projector is a plain two-layer MLP");
  }
  RETURN_IF_ERROR(CheckLayerBias(kFormat, "vision_encoder.adapter.layer_1",
                                 written.adapter().layer_1(),
                                 adapter.add_linear_biases()));
  RETURN_IF_ERROR(CheckLayerBias(kFormat, "vision_encoder.adapter.layer_2",
                                 written.adapter().layer_2(),
                                 adapter.add_linear_biases()));

  JsonObject vision_config;
  vision_config.Set("model_type", "pixtral");
  vision_config.Set("hidden_size", vision.hidden_size());
  vision_config.Set("num_channels", int64_t{3});
  vision_config.Set("patch_size", patches.patch_height());
  vision_config.Set("num_hidden_layers", vision.encoder().num_blocks());
  vision_config.Set("num_attention_heads", attention.heads());
  vision_config.Set("attention_dropout", 0.0);
  vision_config.Set("intermediate_size", mlp.intermediate_size());
  vision_config.Set("hidden_act", HfActivationName(mlp.activation()));
  if (layout == TransformersLayout::kV5) {
    JsonObject rope;
    rope.Set("rope_theta", attention.rotary().theta());
    rope.Set("rope_type", "default");
    vision_config.Set("rope_parameters", rope);
  } else {
    vision_config.Set("rope_theta", attention.rotary().theta());
  }

  JsonObject config;
  config.SetStrings("architectures",
                    {hybrid ? kLlavaHybridArchitecture : kLlavaArchitecture});
  config.Set("model_type", std::string(kFormat));
  config.Set("text_config", text);
  config.Set("vision_config", vision_config);
  // The adapter's intermediate_size is not written: import takes
  // text_config.hidden_size (spec §3.10), which the round trip reports.
  config.Set("projector_hidden_act", HfActivationName(adapter.activation()));
  config.Set("multimodal_projector_bias", adapter.add_linear_biases());
  config.Set("image_token_index", model.image_token_index());
  config.Set("vision_feature_select_strategy", "full");
  config.Set("vision_feature_layer", int64_t{-1});
  return config;
}

// apriel_hybrid_ssm (spec §3.7; Fast-LLM's gpt/conversion/apriel.py): a
// Mistral config whose `hybrid_block_layout` names each layer's mixer ("t"
// attention, "m2" Mamba, "gdn" GatedDeltaNet). Every block shares the
// Mistral MLP and norm keys; Mamba reads `ssm_cfg`, GDN
// `linear_attn_config`. KDA blocks exist for weights only: no layout name.
constexpr char kAprielHybridArchitecture[] = "AprielHybridSSMForCausalLM";
constexpr char kAprielHybridFormat[] = "apriel_hybrid_ssm";

std::set<std::string> AprielHybridClaims() {
  std::set<std::string> claims = LlamaFamilyClaims(Mistral());
  claims.insert("hybrid_block_layout");
  for (const char* key :
       {"d_state", "d_inner", "expand", "d_xb", "dt_rank", "bias",
        "repeat_kv_before_conv", "conv_bias", "dt_proj_bias"}) {
    claims.insert(absl::StrCat("ssm_cfg.", key));
  }
  // GDN's keys, and KDA's (claimed although KDA has no layout name).
  for (const char* key :
       {"gdn_num_value_heads", "gdn_num_key_heads", "gdn_key_head_dim",
        "gdn_value_head_dim", "gdn_linear_conv_kernel_size", "num_heads",
        "head_dim", "short_conv_kernel_size"}) {
    claims.insert(absl::StrCat("linear_attn_config.", key));
  }
  return claims;
}

// A section of config.json that must be an object when present.
absl::StatusOr<const JsonValue*> Section(const ConfigReader& reader,
                                         absl::string_view key) {
  const JsonValue* section = reader.Get(key);
  if (section == nullptr) {
    return reader.Error(reader.config(),
                        absl::StrCat("the layout needs \"", key, "\""));
  }
  if (!section->is_object()) {
    return reader.Error(*section,
                        absl::StrCat("\"", key, "\" must be an object"));
  }
  return section;
}

absl::StatusOr<MambaConfig> ImportAprielMamba(const ConfigReader& reader,
                                              int64_t hidden,
                                              absl::string_view path) {
  ASSIGN_OR_RETURN(const JsonValue* section, Section(reader, "ssm_cfg"));
  const ConfigReader ssm(*section, path);
  const int64_t one = 1;
  ASSIGN_OR_RETURN(const int64_t state, ssm.PositiveInt("d_state"));
  ASSIGN_OR_RETURN(const int64_t expand, ssm.PositiveInt("expand", &one));
  const int64_t default_inner = hidden * expand;
  ASSIGN_OR_RETURN(const int64_t inner,
                   ssm.PositiveInt("d_inner", &default_inner));
  ASSIGN_OR_RETURN(const int64_t xb, ssm.PositiveInt("d_xb", &hidden));
  int64_t dt_rank = (hidden + 15) / 16;  // "auto": ceil(hidden_size / 16)
  const JsonValue* rank = ssm.Get("dt_rank");
  if (rank != nullptr && !(rank->is_string() && rank->text() == "auto")) {
    ASSIGN_OR_RETURN(dt_rank, ssm.PositiveInt("dt_rank"));
  }
  const JsonValue* bias = ssm.Get("bias");
  if (bias == nullptr) {
    return ssm.Error(*section, "\"ssm_cfg\" needs \"bias\"");
  }
  ASSIGN_OR_RETURN(const bool biases, ssm.Bool("bias", false));
  ASSIGN_OR_RETURN(const bool repeat, ssm.Bool("repeat_kv_before_conv", true));
  ASSIGN_OR_RETURN(const bool conv_bias, ssm.Bool("conv_bias", true));
  ASSIGN_OR_RETURN(const bool dt_bias, ssm.Bool("dt_proj_bias", true));
  MambaConfig mamba;
  mamba.set_state_size(state);
  mamba.set_d_inner(inner);
  mamba.set_d_xb(xb);
  mamba.set_dt_rank(dt_rank);
  mamba.set_add_linear_biases(biases);
  mamba.set_repeat_kv_before_conv(repeat);
  mamba.mutable_convolution_layer()->mutable_bias()->set_enabled(conv_bias);
  mamba.mutable_dt_layer()->mutable_bias()->set_enabled(dt_bias);
  return mamba;
}

absl::StatusOr<GatedDeltaNetConfig> ImportAprielGdn(const ConfigReader& reader,
                                                    absl::string_view path) {
  ASSIGN_OR_RETURN(const JsonValue* section,
                   Section(reader, "linear_attn_config"));
  const ConfigReader linear(*section, path);
  GatedDeltaNetConfig gdn;
  ASSIGN_OR_RETURN(const int64_t value_heads,
                   linear.PositiveInt("gdn_num_value_heads"));
  ASSIGN_OR_RETURN(const int64_t key_heads,
                   linear.PositiveInt("gdn_num_key_heads"));
  ASSIGN_OR_RETURN(const int64_t key_dim,
                   linear.PositiveInt("gdn_key_head_dim"));
  ASSIGN_OR_RETURN(const int64_t value_dim,
                   linear.PositiveInt("gdn_value_head_dim"));
  ASSIGN_OR_RETURN(const int64_t kernel,
                   linear.PositiveInt("gdn_linear_conv_kernel_size"));
  gdn.set_value_heads(value_heads);
  gdn.set_key_heads(key_heads);
  gdn.set_key_head_dim(key_dim);
  gdn.set_value_head_dim(value_dim);
  gdn.mutable_convolution_layer()->set_kernel_size(kernel);
  return gdn;
}

absl::StatusOr<ModelConfig> ImportAprielHybrid(const ConfigReader& reader,
                                               absl::string_view path) {
  const JsonValue* layout = reader.Get("hybrid_block_layout");
  if (layout == nullptr || !layout->is_array() || layout->elements().empty()) {
    return reader.Error(layout ? *layout : reader.config(),
                        "needs a non-empty array \"hybrid_block_layout\"");
  }
  const bool has_attention =
      std::any_of(layout->elements().begin(), layout->elements().end(),
                  [](const JsonValue& entry) {
                    return entry.is_string() && entry.text() == "t";
                  });
  ASSIGN_OR_RETURN(ModelConfig model,
                   ImportLlamaFamily(Mistral(), reader, has_attention));
  const DecoderBlockConfig attention_block = model.decoder().block();
  BlockSequenceConfig* decoder = model.mutable_decoder();
  decoder->clear_block();
  std::map<std::string, DecoderBlockConfig> blocks;
  std::vector<std::string> pattern;
  for (const JsonValue& entry : layout->elements()) {
    if (!entry.is_string() || (entry.text() != "t" && entry.text() != "m2" &&
                               entry.text() != "gdn")) {
      return reader.Error(entry,
                          "hybrid_block_layout entries must be \"t\", \"m2\" "
                          "or \"gdn\"");
    }
    pattern.push_back(entry.text());
    if (blocks.count(entry.text())) continue;
    DecoderBlockConfig block = attention_block;
    if (entry.text() == "m2") {
      ASSIGN_OR_RETURN(*block.mutable_mixer()->mutable_mamba(),
                       ImportAprielMamba(reader, model.hidden_size(), path));
    } else if (entry.text() == "gdn") {
      ASSIGN_OR_RETURN(*block.mutable_mixer()->mutable_gdn(),
                       ImportAprielGdn(reader, path));
    }
    blocks.emplace(entry.text(), std::move(block));
  }
  if (pattern.size() == 1) {
    decoder->set_type(BlockSequenceConfig::FIXED);
    *decoder->mutable_block() = blocks.begin()->second;
    return model;
  }
  decoder->set_type(BlockSequenceConfig::PATTERN);
  for (const std::string& name : pattern) decoder->add_pattern(name);
  for (auto& [name, block] : blocks) (*decoder->mutable_blocks())[name] = block;
  return model;
}

absl::Status ExportAprielMamba(const MambaConfig& mamba,
                               const MambaConfig& written, JsonObject* config) {
  const bool biases = mamba.add_linear_biases();
  for (const auto& [layer, field] :
       {std::pair{&written.z_layer(), "z_layer"},
        std::pair{&written.x_layer(), "x_layer"},
        std::pair{&written.b_layer(), "b_layer"},
        std::pair{&written.c_layer(), "c_layer"},
        std::pair{&written.dt_input_layer(), "dt_input_layer"},
        std::pair{&written.output_layer(), "output_layer"}}) {
    RETURN_IF_ERROR(CheckLayerBias(
        kAprielHybridFormat, absl::StrCat("decoder.blocks.m2.mixer.", field),
        *layer, biases));
  }
  if (mamba.convolution_layer().kernel_size() != 4) {
    return CannotExport(kAprielHybridFormat,
                        "decoder.blocks.m2.mixer.convolution_layer.kernel_size",
                        "the format has no key for it; it must be 4");
  }
  JsonObject ssm;
  ssm.Set("d_state", mamba.state_size());
  ssm.Set("d_inner", mamba.d_inner());
  ssm.Set("bias", biases);
  ssm.Set("conv_bias", EffectiveBias(mamba.convolution_layer(), biases));
  ssm.Set("d_xb", mamba.d_xb());
  ssm.Set("dt_proj_bias", EffectiveBias(mamba.dt_layer(), biases));
  ssm.Set("dt_rank", mamba.dt_rank());
  ssm.Set("repeat_kv_before_conv", mamba.repeat_kv_before_conv());
  config->Set("ssm_cfg", ssm);
  return absl::OkStatus();
}

absl::StatusOr<JsonObject> ExportAprielHybrid(const ModelConfig& input,
                                              const ModelConfig& model,
                                              TransformersLayout layout,
                                              bool top_level) {
  // name -> (resolved block, written block), and the layout.
  std::map<std::string,
           std::pair<const DecoderBlockConfig*, const DecoderBlockConfig*>>
      blocks;
  std::vector<std::string> block_layout;
  const auto layout_name =
      [](const DecoderBlockConfig& block) -> absl::StatusOr<std::string> {
    if (block.mixer().has_attention()) return std::string("t");
    if (block.mixer().has_mamba()) return std::string("m2");
    if (block.mixer().has_gdn()) return std::string("gdn");
    return CannotExport(kAprielHybridFormat, "decoder.*.mixer",
                        "the layout has attention (t), mamba (m2) and gdn "
                        "blocks only");
  };
  if (model.decoder().type() == BlockSequenceConfig::PATTERN) {
    for (const std::string& name : model.decoder().pattern()) {
      const DecoderBlockConfig& block = model.decoder().blocks().at(name);
      ASSIGN_OR_RETURN(const std::string kind, layout_name(block));
      block_layout.push_back(kind);
      const DecoderBlockConfig* written = &input.decoder().blocks().at(name);
      const auto [it, added] = blocks.emplace(kind, std::pair{&block, written});
      if (!added &&
          it->second.first->SerializeAsString() != block.SerializeAsString()) {
        return CannotExport(kAprielHybridFormat,
                            absl::StrCat("decoder.blocks.", name),
                            "two blocks of one mixer type differ; the format "
                            "has one set of keys per mixer type");
      }
    }
  } else {
    ASSIGN_OR_RETURN(const std::string kind,
                     layout_name(model.decoder().block()));
    block_layout.push_back(kind);
    blocks.emplace(
        kind, std::pair{&model.decoder().block(), &input.decoder().block()});
  }
  // The Mistral keys come from the attention block when there is one, else
  // from any block: without attention Fast-LLM writes no attention keys.
  auto base = blocks.find("t");
  if (base == blocks.end()) base = blocks.begin();
  for (const auto& [kind, block] : blocks) {
    DecoderBlockConfig rest = *block.first;
    DecoderBlockConfig base_rest = *base->second.first;
    rest.clear_mixer();
    base_rest.clear_mixer();
    if (rest.SerializeAsString() != base_rest.SerializeAsString()) {
      return CannotExport(kAprielHybridFormat,
                          absl::StrCat("decoder (", kind, " blocks)"),
                          absl::StrCat("differs from the ", base->first,
                                       " blocks outside the mixer; every "
                                       "block shares the Mistral MLP and norm "
                                       "keys"));
    }
  }
  // The Mistral keys, from the model with only that block.
  ModelConfig text_input = input;
  ModelConfig text_model = model;
  for (auto [config, block] : {std::pair{&text_input, base->second.second},
                               std::pair{&text_model, base->second.first}}) {
    const DecoderBlockConfig copy = *block;
    const int64_t num_blocks = model.decoder().num_blocks();
    config->clear_decoder();
    config->mutable_decoder()->set_type(BlockSequenceConfig::FIXED);
    config->mutable_decoder()->set_num_blocks(num_blocks);
    *config->mutable_decoder()->mutable_block() = copy;
  }
  ASSIGN_OR_RETURN(JsonObject config,
                   ExportLlamaFamily(Mistral(), text_input, text_model, layout,
                                     top_level, /*attention_optional=*/true));
  if (top_level) {
    config.SetStrings("architectures", {kAprielHybridArchitecture});
  }
  config.Set("model_type", kAprielHybridFormat);
  config.SetStrings("hybrid_block_layout", block_layout);
  if (const auto mamba = blocks.find("m2"); mamba != blocks.end()) {
    RETURN_IF_ERROR(ExportAprielMamba(mamba->second.first->mixer().mamba(),
                                      mamba->second.second->mixer().mamba(),
                                      &config));
  }
  if (const auto gdn_block = blocks.find("gdn"); gdn_block != blocks.end()) {
    const GatedDeltaNetConfig& gdn = gdn_block->second.first->mixer().gdn();
    JsonObject linear;
    linear.Set("gdn_num_value_heads", gdn.value_heads());
    linear.Set("gdn_num_key_heads", gdn.key_heads());
    linear.Set("gdn_key_head_dim", gdn.key_head_dim());
    linear.Set("gdn_value_head_dim", gdn.value_head_dim());
    linear.Set("gdn_linear_conv_kernel_size",
               gdn.convolution_layer().kernel_size());
    config.Set("linear_attn_config", linear);
  }
  return config;
}

}  // namespace

absl::StatusOr<std::string> ExportHfConfig(const ModelConfig& config,
                                           absl::string_view format,
                                           TransformersLayout layout) {
  if (format == "apriel2_text") {
    ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
    ASSIGN_OR_RETURN(const JsonObject exported,
                     ExportApriel2Text(config, resolved));
    return exported.ToString();
  }
  if (format == "apriel2") {
    ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
    ASSIGN_OR_RETURN(const JsonObject exported,
                     ExportApriel2(config, resolved));
    return exported.ToString();
  }
  if (format == kAprielHybridFormat) {
    ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
    ASSIGN_OR_RETURN(const JsonObject exported,
                     ExportAprielHybrid(config, resolved, layout));
    return exported.ToString();
  }
  if (format == "gemma4") {
    ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
    ASSIGN_OR_RETURN(const JsonObject exported, ExportGemma4(config, resolved));
    return exported.ToString();
  }
  if (format == "llava" || format == "llava_hybrid_ssm") {
    ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
    ASSIGN_OR_RETURN(
        const JsonObject exported,
        ExportLlava(config, resolved, layout, format == "llava_hybrid_ssm"));
    return exported.ToString();
  }
  const auto family =
      std::find_if(Families().begin(), Families().end(),
                   [&](const LlamaFamily& f) { return f.name == format; });
  if (family == Families().end()) {
    return absl::UnimplementedError(
        absl::StrCat("writing a config.json in the ", format,
                     " format is not implemented yet; weightwalk "
                     "exports: ",
                     absl::StrJoin(ImportableFormats(), ", ")));
  }
  ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
  ASSIGN_OR_RETURN(const JsonObject exported,
                   ExportLlamaFamily(*family, config, resolved, layout));
  return exported.ToString();
}

absl::StatusOr<RoundTrip> RoundTripConfig(const ModelConfig& config,
                                          absl::string_view format,
                                          TransformersLayout layout) {
  ASSIGN_OR_RETURN(const std::string exported,
                   ExportHfConfig(config, format, layout));
  ASSIGN_OR_RETURN(const JsonValue json,
                   ParseJson(exported, "exported config.json"));
  RoundTrip result;
  absl::StatusOr<ModelConfig> after = [&]() -> absl::StatusOr<ModelConfig> {
    ASSIGN_OR_RETURN(const HfImport imported,
                     ImportHfConfig(json, "exported config.json", format));
    return ResolveModelConfig(imported.model);
  }();
  if (!after.ok()) {
    result.import_error = std::string(after.status().message());
    return result;
  }
  ASSIGN_OR_RETURN(const ModelConfig before, ResolveModelConfig(config));
  ASSIGN_OR_RETURN(const ParameterManifest original,
                   BuildParameterManifest(before, ""));
  ASSIGN_OR_RETURN(const ParameterManifest round_tripped,
                   BuildParameterManifest(*after, ""));
  absl::flat_hash_map<std::string, const Parameter*> kept;
  for (const Parameter& parameter : round_tripped.parameters()) {
    kept.emplace(parameter.name(), &parameter);
  }
  const auto shape = [](const Parameter& parameter) {
    return absl::StrCat("[", absl::StrJoin(parameter.shape(), ", "), "]");
  };
  absl::flat_hash_set<std::string> before_names;
  for (const Parameter& parameter : original.parameters()) {
    before_names.insert(parameter.name());
  }
  for (const Parameter& parameter : original.parameters()) {
    const auto it = kept.find(parameter.name());
    if (it != kept.end() && shape(*it->second) == shape(parameter)) continue;
    RoundTripLoss& loss = result.losses.emplace_back();
    loss.set_parameter(parameter.name());
    loss.set_change(
        it == kept.end()
            ? absl::StrCat(shape(parameter), " is gone")
            : absl::StrCat(shape(parameter), " becomes ", shape(*it->second)));
  }
  // A parameter only the read-back model has: the checkpoint saved from
  // the original has no tensor for it, so loading it fails too.
  for (const Parameter& parameter : round_tripped.parameters()) {
    if (before_names.contains(parameter.name())) continue;
    RoundTripLoss& loss = result.losses.emplace_back();
    loss.set_parameter(parameter.name());
    loss.set_change(absl::StrCat(shape(parameter), " appears"));
  }
  return result;
}

std::vector<std::string> ImportableFormats() {
  std::vector<std::string> names = {
      "apriel2", "apriel2_text", "apriel_hybrid_ssm",
      "gemma4",  "llava",        "llava_hybrid_ssm"};
  for (const LlamaFamily& family : Families()) names.push_back(family.name);
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<HfImport> ImportHfConfig(const JsonValue& config,
                                        absl::string_view path,
                                        absl::string_view format) {
  const ConfigReader reader(config, path);
  if (!config.is_object()) {
    return reader.Error(config, "config.json must be a JSON object");
  }
  std::set<std::string> supported;
  for (const auto& [model_type, name] : ModelTypes()) supported.insert(name);
  HfImport result;
  if (format.empty()) {
    const JsonValue* model_type = config.Find("model_type");
    const JsonValue* architectures = config.Find("architectures");
    if ((model_type == nullptr || model_type->is_null()) &&
        architectures != nullptr && architectures->is_array() &&
        architectures->elements().size() == 1 &&
        architectures->elements()[0].is_string() &&
        Architectures().count(architectures->elements()[0].text())) {
      // No model_type: the architecture names the format.
      return ImportHfConfig(
          config, path,
          Architectures().at(architectures->elements()[0].text()));
    }
    if (model_type == nullptr || !model_type->is_string()) {
      return reader.Error(
          model_type ? *model_type : config,
          absl::StrCat("the config has no string \"model_type\" and no "
                       "known \"architectures\"; pass --format=NAME "
                       "(formats: ",
                       absl::StrJoin(supported, ", "), ")"));
    }
    const auto it = ModelTypes().find(model_type->text());
    if (it == ModelTypes().end()) {
      return reader.Error(
          *model_type,
          absl::StrCat("unsupported model_type \"", model_type->text(),
                       "\": no Fast-LLM checkpoint format reads it; supported "
                       "formats: ",
                       absl::StrJoin(supported, ", ")));
    }
    result.format = it->second;
  } else {
    result.format = std::string(format);
  }
  if (result.format == "apriel2_text") {
    // Fast-LLM's Apriel2 handler skips the architectures assertion.
    ASSIGN_OR_RETURN(result.model, ImportApriel2Text(config, path));
    result.unknown_keys = UnknownKeys(config, Apriel2TextClaims(), path);
    return result;
  }
  if (result.format == "apriel2") {
    ASSIGN_OR_RETURN(result.model, ImportApriel2(config, path));
    result.unknown_keys = UnknownKeys(config, Apriel2Claims(), path);
    return result;
  }
  if (result.format == kAprielHybridFormat) {
    RETURN_IF_ERROR(CheckArchitecture(reader, kAprielHybridArchitecture,
                                      kAprielHybridFormat));
    ASSIGN_OR_RETURN(result.model, ImportAprielHybrid(reader, path));
    result.unknown_keys = UnknownKeys(config, AprielHybridClaims(), path);
    return result;
  }
  if (result.format == "gemma4") {
    RETURN_IF_ERROR(CheckArchitecture(reader, kGemma4Architecture, "gemma4"));
    ASSIGN_OR_RETURN(result.model, ImportGemma4(config, path));
    result.unknown_keys = UnknownKeys(config, Gemma4Claims(), path);
    return result;
  }
  if (result.format == "llava") {
    RETURN_IF_ERROR(CheckArchitecture(reader, kLlavaArchitecture, "llava"));
    ASSIGN_OR_RETURN(result.model, ImportLlava(reader, path));
    result.unknown_keys = UnknownKeys(config, LlavaClaims(), path);
    return result;
  }
  if (result.format == "llava_hybrid_ssm") {
    RETURN_IF_ERROR(CheckArchitecture(reader, kLlavaHybridArchitecture,
                                      "llava_hybrid_ssm"));
    ASSIGN_OR_RETURN(result.model, ImportLlava(reader, path, /*hybrid=*/true));
    result.unknown_keys = UnknownKeys(config, LlavaClaims(), path);
    return result;
  }
  const auto family = std::find_if(
      Families().begin(), Families().end(),
      [&](const LlamaFamily& f) { return f.name == result.format; });
  if (family == Families().end()) {
    if (std::find(supported.begin(), supported.end(), result.format) ==
        supported.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown format \"", result.format,
                       "\"; formats: ", absl::StrJoin(supported, ", ")));
    }
    return absl::UnimplementedError(
        absl::StrCat(path, ": reading a config.json in the ", result.format,
                     " format is not implemented yet; weightwalk imports: ",
                     absl::StrJoin(ImportableFormats(), ", ")));
  }
  RETURN_IF_ERROR(
      CheckArchitecture(reader, family->architecture, family->name));
  ASSIGN_OR_RETURN(result.model, ImportLlamaFamily(*family, reader));
  result.unknown_keys = UnknownKeys(config, LlamaFamilyClaims(*family), path);
  return result;
}

}  // namespace weightwalk
