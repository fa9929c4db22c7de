#include "converters/hf/apriel2_config.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "converters/hf/config_reader.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

constexpr absl::string_view kFormat = "apriel2_text";

absl::Status CannotExport(absl::string_view field, absl::string_view problem) {
  return weightwalk::CannotExport(kFormat, field, problem);
}

// Rejects keys of a typed section that its converter does not read.
absl::Status OnlyKeys(const ConfigReader& reader, const JsonValue& section,
                      absl::string_view what,
                      std::initializer_list<absl::string_view> keys) {
  for (const auto& [key, value] : section.members()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return reader.Error(value,
                          absl::StrCat("unknown key \"", key, "\" in ", what,
                                       "; it has ", absl::StrJoin(keys, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const JsonValue*> Object(const ConfigReader& reader,
                                        absl::string_view key, bool required) {
  const JsonValue* value = reader.Get(key);
  if (value == nullptr) {
    if (required) {
      return reader.Error(reader.config(),
                          absl::StrCat("missing \"", key, "\""));
    }
    return nullptr;
  }
  if (!value->is_object()) {
    return reader.Error(*value,
                        absl::StrCat("\"", key, "\" must be an object"));
  }
  return value;
}

absl::StatusOr<std::string> Type(const ConfigReader& reader) {
  const JsonValue* type = reader.Get("type");
  if (type == nullptr || !type->is_string()) {
    return reader.Error(type ? *type : reader.config(),
                        "needs a string \"type\"");
  }
  return type->text();
}

// {layer: {bias: {enabled}}} for the named layers.
absl::Status ImportLayerBiases(
    const ConfigReader& reader,
    std::initializer_list<std::pair<const char*, AffineLinearConfig*>> layers) {
  for (const auto& [name, layer] : layers) {
    ASSIGN_OR_RETURN(const JsonValue* entry, Object(reader, name, false));
    if (entry == nullptr) continue;
    const JsonValue* bias = entry->Find("bias");
    const JsonValue* enabled =
        bias && bias->is_object() ? bias->Find("enabled") : nullptr;
    if (enabled == nullptr || !enabled->is_bool()) {
      return reader.Error(
          *entry, absl::StrCat("\"", name,
                               "\" must be {\"bias\": {\"enabled\": bool}}"));
    }
    layer->mutable_bias()->set_enabled(enabled->boolean());
  }
  return absl::OkStatus();
}

void ExportLayerBiases(
    JsonObject& out,
    std::initializer_list<std::pair<const char*, const AffineLinearConfig*>>
        layers) {
  for (const auto& [name, layer] : layers) {
    if (!layer->bias().has_enabled()) continue;
    JsonObject enabled, bias;
    enabled.Set("enabled", layer->bias().enabled());
    bias.Set("bias", enabled);
    out.Set(name, bias);
  }
}

absl::StatusOr<NormalizationConfig> ImportNormalization(
    const ConfigReader& reader) {
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  NormalizationConfig normalization;
  if (type == "none") {
    normalization.set_type(NormalizationConfig::NONE);
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a none normalization", {"type"}));
    return normalization;
  }
  if (type != "rms_norm" && type != "layer_norm") {
    return reader.Error(
        *reader.Get("type"),
        absl::StrCat("unknown normalization type \"", type,
                     "\"; apriel2 has rms_norm, layer_norm, none"));
  }
  RETURN_IF_ERROR(OnlyKeys(reader, reader.config(), "a normalization",
                           {"type", "epsilon"}));
  normalization.set_type(type == "rms_norm" ? NormalizationConfig::RMS_NORM
                                            : NormalizationConfig::LAYER_NORM);
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("epsilon", 1e-5));
  normalization.set_epsilon(epsilon);
  return normalization;
}

JsonObject ExportNormalization(const NormalizationConfig& normalization) {
  JsonObject out;
  switch (normalization.type()) {
    case NormalizationConfig::NONE:
      out.Set("type", "none");
      return out;
    case NormalizationConfig::LAYER_NORM:
      out.Set("type", "layer_norm");
      break;
    default:
      out.Set("type", "rms_norm");
  }
  out.Set("epsilon", normalization.epsilon());
  return out;
}

absl::Status ImportRotary(const ConfigReader& reader, RotaryConfig* rotary) {
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  ASSIGN_OR_RETURN(const double theta, reader.Number("theta", 10000.0));
  rotary->set_theta(theta);
  if (type == "mistral_1d" || type == "default") {
    rotary->set_type(RotaryConfig::DEFAULT);
    return OnlyKeys(reader, reader.config(), "a mistral_1d rotary",
                    {"type", "theta"});
  }
  if (type == "llama3") {
    rotary->set_type(RotaryConfig::LLAMA3);
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a llama3 rotary",
                 {"type", "theta", "scale_factor", "low_frequency_factor",
                  "high_frequency_factor", "original_context_length"}));
    ASSIGN_OR_RETURN(const double scale, reader.Number("scale_factor", 8.0));
    ASSIGN_OR_RETURN(const double low,
                     reader.Number("low_frequency_factor", 1.0));
    ASSIGN_OR_RETURN(const double high,
                     reader.Number("high_frequency_factor", 4.0));
    const int64_t context_default = 8192;
    ASSIGN_OR_RETURN(
        const int64_t context,
        reader.PositiveInt("original_context_length", &context_default));
    rotary->set_scale_factor(scale);
    rotary->set_low_frequency_factor(low);
    rotary->set_high_frequency_factor(high);
    rotary->set_original_context_length(context);
    return absl::OkStatus();
  }
  if (type == "yarn") {
    rotary->set_type(RotaryConfig::YARN);
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a yarn rotary",
                 {"type", "theta", "scale_factor", "attention_factor",
                  "beta_fast", "beta_slow", "original_context_length"}));
    ASSIGN_OR_RETURN(const double scale, reader.Number("scale_factor", 8.0));
    ASSIGN_OR_RETURN(const double fast, reader.Number("beta_fast", 32.0));
    ASSIGN_OR_RETURN(const double slow, reader.Number("beta_slow", 1.0));
    const int64_t context_default = 8192;
    ASSIGN_OR_RETURN(
        const int64_t context,
        reader.PositiveInt("original_context_length", &context_default));
    rotary->set_scale_factor(scale);
    rotary->set_beta_fast(fast);
    rotary->set_beta_slow(slow);
    rotary->set_original_context_length(context);
    if (const JsonValue* factor = reader.Get("attention_factor")) {
      if (!factor->is_number()) {
        return reader.Error(*factor,
                            "\"attention_factor\" must be a number or null");
      }
      rotary->set_attention_factor(factor->number());
    }
    return absl::OkStatus();
  }
  return reader.Error(*reader.Get("type"),
                      absl::StrCat("unsupported rotary type \"", type,
                                   "\"; apriel2 has mistral_1d, llama3, yarn"));
}

absl::StatusOr<JsonObject> ExportRotary(const RotaryConfig& rotary) {
  JsonObject out;
  switch (rotary.type()) {
    case RotaryConfig::DEFAULT:
      out.Set("type", "mistral_1d");
      out.Set("theta", rotary.theta());
      return out;
    case RotaryConfig::LLAMA3:
      out.Set("type", "llama3");
      out.Set("theta", rotary.theta());
      out.Set("scale_factor", rotary.scale_factor());
      out.Set("low_frequency_factor", rotary.low_frequency_factor());
      out.Set("high_frequency_factor", rotary.high_frequency_factor());
      out.Set("original_context_length", rotary.original_context_length());
      return out;
    case RotaryConfig::YARN:
      out.Set("type", "yarn");
      out.Set("theta", rotary.theta());
      out.Set("scale_factor", rotary.scale_factor());
      if (rotary.has_attention_factor()) {
        out.Set("attention_factor", rotary.attention_factor());
      } else {
        out.SetNull("attention_factor");
      }
      out.Set("beta_fast", rotary.beta_fast());
      out.Set("beta_slow", rotary.beta_slow());
      out.Set("original_context_length", rotary.original_context_length());
      return out;
    default:
      return CannotExport(
          "mixer.rotary.type",
          "apriel2 writes default, llama3 or yarn rotary embeddings");
  }
}

absl::StatusOr<MixerConfig> ImportMixer(const ConfigReader& reader,
                                        bool stochastic_allowed,
                                        absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  MixerConfig mixer;
  if (type == "attention") {
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "an attention mixer",
                 {"type", "heads", "head_groups", "head_size", "rotary",
                  "add_linear_biases", "window_size", "query_layer",
                  "key_layer", "value_layer", "dense_layer"}));
    AttentionConfig* attention = mixer.mutable_attention();
    ASSIGN_OR_RETURN(const int64_t heads, reader.PositiveInt("heads"));
    ASSIGN_OR_RETURN(const int64_t groups, reader.PositiveInt("head_groups"));
    ASSIGN_OR_RETURN(const int64_t size, reader.PositiveInt("head_size"));
    attention->set_heads(heads);
    attention->set_head_groups(groups);
    attention->set_head_size(size);
    ASSIGN_OR_RETURN(const bool biases, reader.Bool("add_linear_biases", true));
    attention->set_add_linear_biases(biases);
    if (reader.Get("window_size") != nullptr) {
      ASSIGN_OR_RETURN(const int64_t window, reader.PositiveInt("window_size"));
      attention->set_window_size(window);
    }
    ASSIGN_OR_RETURN(const JsonValue* rotary, Object(reader, "rotary", true));
    RETURN_IF_ERROR(
        ImportRotary(ConfigReader(*rotary, path), attention->mutable_rotary()));
    RETURN_IF_ERROR(ImportLayerBiases(
        reader, {{"query_layer", attention->mutable_query_layer()},
                 {"key_layer", attention->mutable_key_layer()},
                 {"value_layer", attention->mutable_value_layer()},
                 {"dense_layer", attention->mutable_dense_layer()}}));
  } else if (type == "mamba") {
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a mamba mixer",
                 {"type", "state_size", "d_inner", "add_linear_biases", "d_xb",
                  "dt_rank", "d_conv", "conv_bias", "dt_proj_bias"}));
    MambaConfig* mamba = mixer.mutable_mamba();
    ASSIGN_OR_RETURN(const int64_t state, reader.PositiveInt("state_size"));
    ASSIGN_OR_RETURN(const int64_t inner, reader.PositiveInt("d_inner"));
    ASSIGN_OR_RETURN(const int64_t xb, reader.PositiveInt("d_xb"));
    ASSIGN_OR_RETURN(const int64_t rank, reader.PositiveInt("dt_rank"));
    ASSIGN_OR_RETURN(const bool biases, reader.Bool("add_linear_biases", true));
    mamba->set_state_size(state);
    mamba->set_d_inner(inner);
    mamba->set_d_xb(xb);
    mamba->set_dt_rank(rank);
    mamba->set_add_linear_biases(biases);
    if (reader.Get("d_conv") != nullptr) {
      ASSIGN_OR_RETURN(const int64_t kernel, reader.PositiveInt("d_conv"));
      mamba->mutable_convolution_layer()->set_kernel_size(kernel);
    }
    if (reader.Get("conv_bias") != nullptr) {
      ASSIGN_OR_RETURN(const bool bias, reader.Bool("conv_bias", false));
      mamba->mutable_convolution_layer()->mutable_bias()->set_enabled(bias);
    }
    if (reader.Get("dt_proj_bias") != nullptr) {
      ASSIGN_OR_RETURN(const bool bias, reader.Bool("dt_proj_bias", false));
      mamba->mutable_dt_layer()->mutable_bias()->set_enabled(bias);
    }
  } else if (type == "gdn" || type == "kda") {
    const bool gdn = type == "gdn";
    if (gdn) {
      RETURN_IF_ERROR(
          OnlyKeys(reader, reader.config(), "a gdn mixer",
                   {"type", "value_heads", "key_heads", "key_head_dim",
                    "value_head_dim", "convolution_layer"}));
      GatedDeltaNetConfig* config = mixer.mutable_gdn();
      ASSIGN_OR_RETURN(const int64_t value_heads,
                       reader.PositiveInt("value_heads"));
      ASSIGN_OR_RETURN(const int64_t key_heads,
                       reader.PositiveInt("key_heads"));
      ASSIGN_OR_RETURN(const int64_t key_dim,
                       reader.PositiveInt("key_head_dim"));
      ASSIGN_OR_RETURN(const int64_t value_dim,
                       reader.PositiveInt("value_head_dim"));
      config->set_value_heads(value_heads);
      config->set_key_heads(key_heads);
      config->set_key_head_dim(key_dim);
      config->set_value_head_dim(value_dim);
    } else {
      RETURN_IF_ERROR(OnlyKeys(
          reader, reader.config(), "a kda mixer",
          {"type", "heads", "head_dim", "convolution_layer", "normalization"}));
      KimiDeltaAttentionConfig* config = mixer.mutable_kda();
      ASSIGN_OR_RETURN(const int64_t heads, reader.PositiveInt("heads"));
      ASSIGN_OR_RETURN(const int64_t dim, reader.PositiveInt("head_dim"));
      config->set_heads(heads);
      config->set_head_dim(dim);
      ASSIGN_OR_RETURN(const JsonValue* normalization,
                       Object(reader, "normalization", false));
      if (normalization != nullptr) {
        ASSIGN_OR_RETURN(
            const double epsilon,
            ConfigReader(*normalization, path).Number("epsilon", 1e-5));
        config->mutable_normalization()->set_epsilon(epsilon);
      }
    }
    ASSIGN_OR_RETURN(const JsonValue* convolution,
                     Object(reader, "convolution_layer", false));
    if (convolution != nullptr) {
      const ConfigReader convolution_reader(*convolution, path);
      RETURN_IF_ERROR(OnlyKeys(convolution_reader, *convolution,
                               "convolution_layer", {"kernel_size"}));
      const int64_t default_kernel = 4;
      ASSIGN_OR_RETURN(
          const int64_t kernel,
          convolution_reader.PositiveInt("kernel_size", &default_kernel));
      (gdn ? mixer.mutable_gdn()->mutable_convolution_layer()
           : mixer.mutable_kda()->mutable_convolution_layer())
          ->set_kernel_size(kernel);
    }
  } else if (type == "stochastic" && stochastic_allowed) {
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a stochastic mixer",
                 {"type", "mixers", "main_mixer_name", "sampling_strategy"}));
    StochasticMixerConfig* stochastic = mixer.mutable_stochastic();
    ASSIGN_OR_RETURN(const JsonValue* mixers, Object(reader, "mixers", true));
    for (const auto& [name, sub] : mixers->members()) {
      if (!sub.is_object())
        return reader.Error(sub, "a mixer must be an object");
      NamedMixer* entry = stochastic->add_mixers();
      entry->set_name(name);
      ASSIGN_OR_RETURN(*entry->mutable_mixer(),
                       ImportMixer(ConfigReader(sub, path), false, path));
    }
    ASSIGN_OR_RETURN(const std::string main,
                     reader.String("main_mixer_name", ""));
    if (!main.empty()) stochastic->set_main_mixer_name(main);
    ASSIGN_OR_RETURN(const std::string strategy,
                     reader.String("sampling_strategy", "uniform"));
    if (strategy == "uniform") {
      stochastic->set_sampling_strategy(StochasticMixerConfig::UNIFORM);
    } else if (strategy == "weighted") {
      stochastic->set_sampling_strategy(StochasticMixerConfig::WEIGHTED);
    } else if (strategy == "full_layout") {
      stochastic->set_sampling_strategy(StochasticMixerConfig::FULL_LAYOUT);
    } else {
      return reader.Error(
          *reader.Get("sampling_strategy"),
          absl::StrCat("unknown sampling_strategy \"", strategy, "\""));
    }
  } else {
    return reader.Error(
        *reader.Get("type"),
        absl::StrCat("unsupported mixer type \"", type, "\"",
                     stochastic_allowed ? "" : " inside a stochastic mixer"));
  }
  return mixer;
}

absl::StatusOr<JsonObject> ExportMixer(const MixerConfig& mixer,
                                       const MixerConfig& written,
                                       const std::string& field) {
  JsonObject out;
  switch (mixer.type_case()) {
    case MixerConfig::kMamba: {
      const MambaConfig& mamba = mixer.mamba();
      const MambaConfig& as_written = written.mamba();
      out.Set("type", "mamba");
      out.Set("state_size", mamba.state_size());
      out.Set("d_inner", mamba.d_inner());
      out.Set("add_linear_biases", mamba.add_linear_biases());
      out.Set("d_xb", mamba.d_xb());
      out.Set("dt_rank", mamba.dt_rank());
      out.Set("d_conv", mamba.convolution_layer().kernel_size());
      // Fast-LLM writes the explicit flags, null when unset.
      if (as_written.convolution_layer().bias().has_enabled()) {
        out.Set("conv_bias", as_written.convolution_layer().bias().enabled());
      } else {
        out.SetNull("conv_bias");
      }
      if (as_written.dt_layer().bias().has_enabled()) {
        out.Set("dt_proj_bias", as_written.dt_layer().bias().enabled());
      } else {
        out.SetNull("dt_proj_bias");
      }
      return out;
    }
    case MixerConfig::kGdn: {
      const GatedDeltaNetConfig& gdn = mixer.gdn();
      out.Set("type", "gdn");
      out.Set("value_heads", gdn.value_heads());
      out.Set("key_heads", gdn.key_heads());
      out.Set("key_head_dim", gdn.key_head_dim());
      out.Set("value_head_dim", gdn.value_head_dim());
      JsonObject convolution;
      convolution.Set("kernel_size", gdn.convolution_layer().kernel_size());
      out.Set("convolution_layer", convolution);
      return out;
    }
    case MixerConfig::kKda: {
      const KimiDeltaAttentionConfig& kda = mixer.kda();
      out.Set("type", "kda");
      out.Set("heads", kda.heads());
      out.Set("head_dim", kda.head_dim());
      JsonObject convolution, normalization;
      convolution.Set("kernel_size", kda.convolution_layer().kernel_size());
      out.Set("convolution_layer", convolution);
      normalization.Set("epsilon", kda.normalization().epsilon());
      out.Set("normalization", normalization);
      return out;
    }
    case MixerConfig::kStochastic: {
      out.Set("type", "stochastic");
      JsonObject mixers;
      for (int i = 0; i < mixer.stochastic().mixers_size(); ++i) {
        const NamedMixer& entry = mixer.stochastic().mixers(i);
        if (entry.mixer().has_stochastic()) {
          return CannotExport(absl::StrCat(field, ".mixers.", entry.name()),
                              "a stochastic mixer inside a stochastic mixer");
        }
        ASSIGN_OR_RETURN(
            const JsonObject sub,
            ExportMixer(entry.mixer(), written.stochastic().mixers(i).mixer(),
                        absl::StrCat(field, ".mixers.", entry.name())));
        mixers.Set(entry.name(), sub);
      }
      out.Set("mixers", mixers);
      out.Set("main_mixer_name", mixer.stochastic().main_mixer_name());
      if (mixer.stochastic().sampling_strategy() ==
          StochasticMixerConfig::WEIGHTED) {
        out.Set("sampling_strategy", "weighted");
      } else if (mixer.stochastic().sampling_strategy() ==
                 StochasticMixerConfig::FULL_LAYOUT) {
        out.Set("sampling_strategy", "full_layout");
      }
      return out;
    }
    default: {
      const AttentionConfig& attention = mixer.attention();
      if (attention.has_query_norm() || attention.has_key_norm() ||
          attention.has_value_norm() || attention.shared_key_value()) {
        return CannotExport(
            field, "apriel2 attention has no q/k/v norms or shared key-value");
      }
      out.Set("type", "attention");
      out.Set("heads", attention.heads());
      out.Set("head_groups", attention.head_groups());
      out.Set("head_size", attention.head_size());
      ASSIGN_OR_RETURN(const JsonObject rotary,
                       ExportRotary(attention.rotary()));
      out.Set("rotary", rotary);
      if (!attention.add_linear_biases()) out.Set("add_linear_biases", false);
      if (attention.has_window_size())
        out.Set("window_size", attention.window_size());
      const AttentionConfig& as_written = written.attention();
      ExportLayerBiases(out, {{"query_layer", &as_written.query_layer()},
                              {"key_layer", &as_written.key_layer()},
                              {"value_layer", &as_written.value_layer()},
                              {"dense_layer", &as_written.dense_layer()}});
      return out;
    }
  }
}

absl::StatusOr<DecoderBlockConfig> ImportBlock(const ConfigReader& reader,
                                               absl::string_view path) {
  RETURN_IF_ERROR(OnlyKeys(reader, reader.config(), "a block",
                           {"mixer", "mlp", "normalization"}));
  DecoderBlockConfig block;
  ASSIGN_OR_RETURN(const JsonValue* mixer, Object(reader, "mixer", true));
  ASSIGN_OR_RETURN(*block.mutable_mixer(),
                   ImportMixer(ConfigReader(*mixer, path), true, path));
  ASSIGN_OR_RETURN(const JsonValue* mlp_json, Object(reader, "mlp", true));
  const ConfigReader mlp_reader(*mlp_json, path);
  RETURN_IF_ERROR(
      OnlyKeys(mlp_reader, *mlp_json, "an mlp",
               {"type", "intermediate_size", "gated", "add_linear_biases",
                "activation", "layer_1", "layer_2"}));
  ASSIGN_OR_RETURN(const std::string mlp_type, Type(mlp_reader));
  if (mlp_type != "mlp") {
    return mlp_reader.Error(*mlp_reader.Get("type"),
                            "apriel2 has only \"mlp\" MLPs");
  }
  MLPConfig* mlp = block.mutable_mlp();
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   mlp_reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const bool gated, mlp_reader.Bool("gated", false));
  ASSIGN_OR_RETURN(const bool biases,
                   mlp_reader.Bool("add_linear_biases", true));
  ASSIGN_OR_RETURN(
      const Activation activation,
      ImportActivation(mlp_reader, "activation", gated ? "silu" : "gelu"));
  mlp->set_intermediate_size(intermediate);
  mlp->set_gated(gated);
  mlp->set_add_linear_biases(biases);
  mlp->set_activation(activation);
  RETURN_IF_ERROR(
      ImportLayerBiases(mlp_reader, {{"layer_1", mlp->mutable_layer_1()},
                                     {"layer_2", mlp->mutable_layer_2()}}));
  ASSIGN_OR_RETURN(const JsonValue* normalization,
                   Object(reader, "normalization", true));
  ASSIGN_OR_RETURN(*block.mutable_normalization(),
                   ImportNormalization(ConfigReader(*normalization, path)));
  return block;
}

absl::StatusOr<JsonObject> ExportBlock(const DecoderBlockConfig& block,
                                       const DecoderBlockConfig& written,
                                       const std::string& field) {
  if (block.mlp().type() != MLPConfig::MLP) {
    return CannotExport(absl::StrCat(field, ".mlp"),
                        "apriel2 converts only plain MLPs");
  }
  if (block.normalization().type() != NormalizationConfig::RMS_NORM ||
      block.normalization().zero_centered()) {
    return CannotExport(absl::StrCat(field, ".normalization"),
                        "must be rms_norm");
  }
  if (written.has_pre_mixer_normalization() ||
      written.has_pre_mlp_normalization() ||
      block.has_post_mixer_normalization() ||
      block.has_post_mlp_normalization() || block.output_scale().enabled() ||
      block.mlp().has_pre_norm() || block.mlp().has_post_norm()) {
    return CannotExport(
        field, "apriel2 blocks have one normalization and no output scale");
  }
  JsonObject out;
  ASSIGN_OR_RETURN(const JsonObject mixer,
                   ExportMixer(block.mixer(), written.mixer(),
                               absl::StrCat(field, ".mixer")));
  out.Set("mixer", mixer);
  const MLPConfig& mlp = block.mlp();
  JsonObject mlp_json;
  mlp_json.Set("type", "mlp");
  mlp_json.Set("intermediate_size", mlp.intermediate_size());
  mlp_json.Set("gated", mlp.gated());
  mlp_json.Set("add_linear_biases", mlp.add_linear_biases());
  mlp_json.Set("activation", HfActivationName(mlp.activation()));
  ExportLayerBiases(mlp_json, {{"layer_1", &written.mlp().layer_1()},
                               {"layer_2", &written.mlp().layer_2()}});
  out.Set("mlp", mlp_json);
  out.Set("normalization", ExportNormalization(block.normalization()));
  return out;
}

// An Apriel2 vision MLP or adapter: {type: mlp, intermediate_size, gated,
// add_linear_biases, activation}, no per-layer biases.
absl::StatusOr<MLPConfig> ImportVisionMLP(const ConfigReader& reader) {
  RETURN_IF_ERROR(OnlyKeys(reader, reader.config(), "a vision mlp",
                           {"type", "intermediate_size", "gated",
                            "add_linear_biases", "activation"}));
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  if (type != "mlp")
    return reader.Error(*reader.Get("type"), "must be \"mlp\"");
  MLPConfig mlp;
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const bool gated, reader.Bool("gated", false));
  ASSIGN_OR_RETURN(const bool biases, reader.Bool("add_linear_biases", true));
  ASSIGN_OR_RETURN(
      const Activation activation,
      ImportActivation(reader, "activation", gated ? "silu" : "gelu"));
  mlp.set_intermediate_size(intermediate);
  mlp.set_gated(gated);
  mlp.set_add_linear_biases(biases);
  mlp.set_activation(activation);
  return mlp;
}

absl::StatusOr<JsonObject> ExportVisionMLP(const MLPConfig& mlp,
                                           const MLPConfig& written,
                                           absl::string_view field) {
  if (mlp.type() != MLPConfig::MLP || mlp.has_pre_norm() ||
      mlp.has_post_norm()) {
    return CannotExport(field, "a plain MLP");
  }
  for (const AffineLinearConfig* layer :
       {&written.layer_1(), &written.layer_2()}) {
    if (layer->bias().has_enabled() &&
        layer->bias().enabled() != mlp.add_linear_biases()) {
      return CannotExport(
          field, "per-layer bias overrides have no Apriel2 vision key");
    }
  }
  JsonObject out;
  out.Set("type", "mlp");
  out.Set("intermediate_size", mlp.intermediate_size());
  out.Set("gated", mlp.gated());
  out.Set("add_linear_biases", mlp.add_linear_biases());
  out.Set("activation", HfActivationName(mlp.activation()));
  return out;
}

absl::StatusOr<VisionEncoderConfig> ImportVision(const ConfigReader& reader,
                                                 absl::string_view path) {
  RETURN_IF_ERROR(
      OnlyKeys(reader, reader.config(), "vision_encoder",
               {"hidden_size", "embeddings", "num_channels", "patch_size",
                "encoder", "num_hidden_layers", "adapter"}));
  VisionEncoderConfig vision;
  ASSIGN_OR_RETURN(const int64_t width, reader.PositiveInt("hidden_size"));
  vision.set_hidden_size(width);
  ASSIGN_OR_RETURN(const JsonValue* embeddings_json,
                   Object(reader, "embeddings", true));
  const ConfigReader embeddings(*embeddings_json, path);
  RETURN_IF_ERROR(OnlyKeys(
      embeddings, *embeddings_json, "vision_encoder.embeddings",
      {"patch_height", "patch_width", "normalization", "input_channels"}));
  ASSIGN_OR_RETURN(const int64_t height,
                   embeddings.PositiveInt("patch_height"));
  ASSIGN_OR_RETURN(const int64_t patch_width,
                   embeddings.PositiveInt("patch_width"));
  vision.mutable_embeddings()->set_patch_height(height);
  vision.mutable_embeddings()->set_patch_width(patch_width);
  ASSIGN_OR_RETURN(const JsonValue* norm,
                   Object(embeddings, "normalization", true));
  ASSIGN_OR_RETURN(*vision.mutable_embeddings()->mutable_normalization(),
                   ImportNormalization(ConfigReader(*norm, path)));

  ASSIGN_OR_RETURN(const JsonValue* encoder_json,
                   Object(reader, "encoder", true));
  const ConfigReader encoder(*encoder_json, path);
  RETURN_IF_ERROR(OnlyKeys(encoder, *encoder_json, "vision_encoder.encoder",
                           {"type", "num_blocks", "block"}));
  ASSIGN_OR_RETURN(const int64_t blocks, encoder.PositiveInt("num_blocks"));
  vision.mutable_encoder()->set_type(BlockSequenceConfig::FIXED);
  vision.mutable_encoder()->set_num_blocks(blocks);
  ASSIGN_OR_RETURN(const JsonValue* block_json, Object(encoder, "block", true));
  const ConfigReader block(*block_json, path);
  RETURN_IF_ERROR(OnlyKeys(block, *block_json, "a vision block",
                           {"mixer", "mlp", "normalization"}));
  DecoderBlockConfig* vision_block = vision.mutable_encoder()->mutable_block();
  ASSIGN_OR_RETURN(const JsonValue* mixer_json, Object(block, "mixer", true));
  const ConfigReader mixer(*mixer_json, path);
  RETURN_IF_ERROR(OnlyKeys(
      mixer, *mixer_json, "a vision attention",
      {"type", "heads", "head_groups", "head_size", "add_linear_biases",
       "causal", "cross_document_attention", "rotary"}));
  AttentionConfig* attention =
      vision_block->mutable_mixer()->mutable_attention();
  ASSIGN_OR_RETURN(const int64_t heads, mixer.PositiveInt("heads"));
  ASSIGN_OR_RETURN(const int64_t groups, mixer.PositiveInt("head_groups"));
  ASSIGN_OR_RETURN(const int64_t size, mixer.PositiveInt("head_size"));
  ASSIGN_OR_RETURN(const bool biases, mixer.Bool("add_linear_biases", true));
  ASSIGN_OR_RETURN(const bool causal, mixer.Bool("causal", true));
  attention->set_heads(heads);
  attention->set_head_groups(groups);
  attention->set_head_size(size);
  attention->set_add_linear_biases(biases);
  attention->set_causal(causal);
  ASSIGN_OR_RETURN(const JsonValue* rotary_json, Object(mixer, "rotary", true));
  const ConfigReader rotary(*rotary_json, path);
  RETURN_IF_ERROR(OnlyKeys(rotary, *rotary_json, "a vision rotary",
                           {"type", "theta", "patch_size", "max_image_size"}));
  ASSIGN_OR_RETURN(const std::string rotary_type, Type(rotary));
  ASSIGN_OR_RETURN(const double theta, rotary.Number("theta", 10000.0));
  if (rotary_type == "pixtral_2d") {
    attention->mutable_rotary()->set_type(RotaryConfig::DEFAULT_2D);
  } else if (rotary_type == "mistral_1d") {
    attention->mutable_rotary()->set_type(RotaryConfig::DEFAULT);
  } else {
    return rotary.Error(*rotary.Get("type"),
                        "a vision rotary is pixtral_2d or mistral_1d");
  }
  attention->mutable_rotary()->set_theta(theta);
  ASSIGN_OR_RETURN(const JsonValue* mlp_json, Object(block, "mlp", true));
  ASSIGN_OR_RETURN(*vision_block->mutable_mlp(),
                   ImportVisionMLP(ConfigReader(*mlp_json, path)));
  ASSIGN_OR_RETURN(const JsonValue* block_norm,
                   Object(block, "normalization", true));
  ASSIGN_OR_RETURN(*vision_block->mutable_normalization(),
                   ImportNormalization(ConfigReader(*block_norm, path)));

  ASSIGN_OR_RETURN(const JsonValue* adapter_json,
                   Object(reader, "adapter", true));
  ASSIGN_OR_RETURN(*vision.mutable_adapter(),
                   ImportVisionMLP(ConfigReader(*adapter_json, path)));
  return vision;
}

absl::StatusOr<JsonObject> ExportVision(const VisionEncoderConfig& vision,
                                        const VisionEncoderConfig& written) {
  const PatchEmbeddingsConfig& patches = vision.embeddings();
  if (patches.patch_height() != patches.patch_width() ||
      EffectiveBias(patches.patch_embeddings(), false)) {
    return CannotExport("vision_encoder.embeddings",
                        "square patches and no patch-embedding bias");
  }
  if (patches.normalization().type() != NormalizationConfig::RMS_NORM) {
    return CannotExport("vision_encoder.embeddings.normalization",
                        "must be rms_norm");
  }
  if (vision.encoder().type() != BlockSequenceConfig::FIXED) {
    return CannotExport("vision_encoder.encoder", "must be a fixed sequence");
  }
  const DecoderBlockConfig& block = vision.encoder().block();
  const DecoderBlockConfig& written_block = written.encoder().block();
  if (!block.mixer().has_attention()) {
    return CannotExport("vision_encoder.encoder.block.mixer",
                        "must be attention");
  }
  const AttentionConfig& attention = block.mixer().attention();
  const AttentionConfig& written_attention = written_block.mixer().attention();
  for (const AffineLinearConfig* layer :
       {&written_attention.query_layer(), &written_attention.key_layer(),
        &written_attention.value_layer(), &written_attention.dense_layer()}) {
    if (layer->bias().has_enabled() &&
        layer->bias().enabled() != attention.add_linear_biases()) {
      return CannotExport(
          "vision_encoder.encoder.block.mixer",
          "per-layer bias overrides have no Apriel2 vision key");
    }
  }
  if (attention.has_query_norm() || attention.has_key_norm() ||
      attention.has_value_norm() || attention.shared_key_value()) {
    return CannotExport("vision_encoder.encoder.block.mixer",
                        "no q/k/v norms or shared key-value");
  }
  if (block.normalization().type() != NormalizationConfig::RMS_NORM ||
      written_block.has_pre_mixer_normalization() ||
      written_block.has_pre_mlp_normalization() ||
      block.has_post_mixer_normalization() ||
      block.has_post_mlp_normalization() || block.output_scale().enabled()) {
    return CannotExport("vision_encoder.encoder.block.normalization",
                        "one rms_norm, no other norms or output scale");
  }
  JsonObject rotary;
  if (attention.rotary().type() == RotaryConfig::DEFAULT_2D) {
    rotary.Set("type", "pixtral_2d");
    rotary.Set("theta", attention.rotary().theta());
    rotary.Set("patch_size", patches.patch_height());
    rotary.Set("max_image_size", int64_t{1024});
  } else if (attention.rotary().type() == RotaryConfig::DEFAULT) {
    rotary.Set("type", "mistral_1d");
    rotary.Set("theta", attention.rotary().theta());
  } else {
    return CannotExport("vision_encoder.encoder.block.mixer.rotary",
                        "pixtral_2d (default_2d) or mistral_1d (default) only");
  }
  JsonObject mixer;
  mixer.Set("type", "attention");
  mixer.Set("heads", attention.heads());
  mixer.Set("head_groups", attention.head_groups());
  mixer.Set("head_size", attention.head_size());
  mixer.Set("add_linear_biases", attention.add_linear_biases());
  mixer.Set("causal", attention.causal());
  mixer.Set("cross_document_attention", false);
  mixer.Set("rotary", rotary);
  JsonObject block_json;
  block_json.Set("mixer", mixer);
  ASSIGN_OR_RETURN(const JsonObject mlp,
                   ExportVisionMLP(block.mlp(), written_block.mlp(),
                                   "vision_encoder.encoder.block.mlp"));
  block_json.Set("mlp", mlp);
  block_json.Set("normalization", ExportNormalization(block.normalization()));
  JsonObject encoder;
  encoder.Set("type", "fixed");
  encoder.Set("num_blocks", vision.encoder().num_blocks());
  encoder.Set("block", block_json);
  JsonObject embeddings;
  embeddings.Set("patch_height", patches.patch_height());
  embeddings.Set("patch_width", patches.patch_width());
  embeddings.Set("normalization", ExportNormalization(patches.normalization()));
  embeddings.Set("input_channels", int64_t{3});
  JsonObject out;
  out.Set("hidden_size", vision.hidden_size());
  out.Set("embeddings", embeddings);
  out.Set("num_channels", int64_t{3});
  out.Set("patch_size", patches.patch_height());
  out.Set("encoder", encoder);
  out.Set("num_hidden_layers", vision.encoder().num_blocks());
  ASSIGN_OR_RETURN(const JsonObject adapter,
                   ExportVisionMLP(vision.adapter(), written.adapter(),
                                   "vision_encoder.adapter"));
  out.Set("adapter", adapter);
  return out;
}

}  // namespace

std::set<std::string> Apriel2Claims() {
  std::set<std::string> claims = Apriel2TextClaims();
  claims.insert("vision_encoder");
  claims.insert("image_token_index");
  return claims;
}

absl::StatusOr<ModelConfig> ImportApriel2(const JsonValue& config,
                                          absl::string_view path) {
  ASSIGN_OR_RETURN(ModelConfig model, ImportApriel2Text(config, path));
  const ConfigReader reader(config, path);
  ASSIGN_OR_RETURN(const JsonValue* vision,
                   Object(reader, "vision_encoder", false));
  if (vision != nullptr) {
    ASSIGN_OR_RETURN(*model.mutable_vision_encoder(),
                     ImportVision(ConfigReader(*vision, path), path));
  }
  if (reader.Get("image_token_index") != nullptr) {
    ASSIGN_OR_RETURN(const int64_t token,
                     reader.PositiveInt("image_token_index"));
    model.set_image_token_index(token);
  }
  return model;
}

absl::StatusOr<JsonObject> ExportApriel2(const ModelConfig& input,
                                         const ModelConfig& resolved) {
  ModelConfig text_input = input, text_resolved = resolved;
  for (ModelConfig* text : {&text_input, &text_resolved}) {
    text->clear_vision_encoder();
    text->clear_image_token_index();
  }
  ASSIGN_OR_RETURN(JsonObject config,
                   ExportApriel2Text(text_input, text_resolved));
  config.SetStrings("architectures", {kApriel2Architecture});
  config.Set("model_type", "apriel2");
  if (resolved.has_vision_encoder()) {
    ASSIGN_OR_RETURN(
        const JsonObject vision,
        ExportVision(resolved.vision_encoder(), input.vision_encoder()));
    config.Set("vision_encoder", vision);
  }
  if (resolved.has_image_token_index()) {
    config.Set("image_token_index", resolved.image_token_index());
  }
  return config;
}

std::set<std::string> Apriel2TextClaims() {
  return {"hidden_size",        "tie_word_embeddings",
          "vocab_size",         "decoder.type",
          "decoder.num_blocks", "decoder.pattern",
          "decoder.block",      "decoder.blocks",
          "head.normalization", "embeddings.max_position_embeddings"};
}

absl::StatusOr<ModelConfig> ImportApriel2Text(const JsonValue& config,
                                              absl::string_view path) {
  const ConfigReader reader(config, path);
  ModelConfig model;
  ASSIGN_OR_RETURN(const int64_t hidden, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const int64_t vocab, reader.PositiveInt("vocab_size"));
  ASSIGN_OR_RETURN(const bool tied, reader.Bool("tie_word_embeddings", false));
  model.set_hidden_size(hidden);
  model.set_tied_embedding_weight(tied);
  model.mutable_embeddings()->set_vocab_size(vocab);

  ASSIGN_OR_RETURN(const JsonValue* decoder_json,
                   Object(reader, "decoder", true));
  const ConfigReader decoder_reader(*decoder_json, path);
  ASSIGN_OR_RETURN(const std::string type, Type(decoder_reader));
  BlockSequenceConfig* decoder = model.mutable_decoder();
  ASSIGN_OR_RETURN(const int64_t blocks,
                   decoder_reader.PositiveInt("num_blocks"));
  decoder->set_num_blocks(blocks);
  if (type == "fixed") {
    RETURN_IF_ERROR(OnlyKeys(decoder_reader, *decoder_json, "a fixed decoder",
                             {"type", "num_blocks", "block"}));
    decoder->set_type(BlockSequenceConfig::FIXED);
    ASSIGN_OR_RETURN(const JsonValue* block,
                     Object(decoder_reader, "block", true));
    ASSIGN_OR_RETURN(*decoder->mutable_block(),
                     ImportBlock(ConfigReader(*block, path), path));
  } else if (type == "pattern") {
    RETURN_IF_ERROR(OnlyKeys(decoder_reader, *decoder_json, "a pattern decoder",
                             {"type", "num_blocks", "pattern", "blocks"}));
    decoder->set_type(BlockSequenceConfig::PATTERN);
    const JsonValue* pattern = decoder_reader.Get("pattern");
    if (pattern == nullptr || !pattern->is_array()) {
      return decoder_reader.Error(pattern ? *pattern : *decoder_json,
                                  "a pattern decoder needs a \"pattern\" list");
    }
    for (const JsonValue& name : pattern->elements()) {
      if (!name.is_string())
        return decoder_reader.Error(name, "pattern entries are names");
      decoder->add_pattern(name.text());
    }
    ASSIGN_OR_RETURN(const JsonValue* named,
                     Object(decoder_reader, "blocks", true));
    for (const auto& [name, block] : named->members()) {
      if (!block.is_object())
        return decoder_reader.Error(block, "a block must be an object");
      ASSIGN_OR_RETURN((*decoder->mutable_blocks())[name],
                       ImportBlock(ConfigReader(block, path), path));
    }
  } else {
    return decoder_reader.Error(
        *decoder_reader.Get("type"),
        absl::StrCat("unknown decoder type \"", type,
                     "\"; apriel2 has fixed and pattern"));
  }
  ASSIGN_OR_RETURN(const JsonValue* head, Object(reader, "head", true));
  const ConfigReader head_reader(*head, path);
  ASSIGN_OR_RETURN(const JsonValue* head_norm,
                   Object(head_reader, "normalization", true));
  ASSIGN_OR_RETURN(*model.mutable_head()->mutable_normalization(),
                   ImportNormalization(ConfigReader(*head_norm, path)));
  return model;
}

absl::StatusOr<JsonObject> ExportApriel2Text(const ModelConfig& input,
                                             const ModelConfig& resolved) {
  if (resolved.embeddings().position_embeddings().enabled() ||
      resolved.embeddings().embedding_scale() != 1.0) {
    return CannotExport("embeddings",
                        "no position embeddings or embedding scale");
  }
  if (resolved.head().normalization().type() != NormalizationConfig::RMS_NORM ||
      resolved.head().prediction_heads() != 1 ||
      resolved.head().has_final_logit_softcap()) {
    return CannotExport("head",
                        "rms_norm, one prediction head, no logit softcap");
  }
  JsonObject config;
  config.SetStrings("architectures", {kApriel2TextArchitecture});
  config.Set("model_type", "apriel2_text");
  config.Set("hidden_size", resolved.hidden_size());
  config.Set("tie_word_embeddings", resolved.tied_embedding_weight());
  config.Set("vocab_size", resolved.embeddings().vocab_size());
  const BlockSequenceConfig& decoder = resolved.decoder();
  JsonObject decoder_json;
  decoder_json.Set("num_blocks", decoder.num_blocks());
  if (decoder.type() == BlockSequenceConfig::PATTERN) {
    decoder_json.Set("type", "pattern");
    decoder_json.SetStrings(
        "pattern", {decoder.pattern().begin(), decoder.pattern().end()});
    std::vector<std::string> names;
    for (const auto& [name, block] : decoder.blocks()) names.push_back(name);
    std::sort(names.begin(), names.end());
    JsonObject blocks;
    for (const std::string& name : names) {
      ASSIGN_OR_RETURN(const JsonObject block,
                       ExportBlock(decoder.blocks().at(name),
                                   input.decoder().blocks().at(name),
                                   absl::StrCat("decoder.blocks.", name)));
      blocks.Set(name, block);
    }
    decoder_json.Set("blocks", blocks);
  } else {
    decoder_json.Set("type", "fixed");
    ASSIGN_OR_RETURN(
        const JsonObject block,
        ExportBlock(decoder.block(), input.decoder().block(), "decoder.block"));
    decoder_json.Set("block", block);
  }
  config.Set("decoder", decoder_json);
  JsonObject head;
  head.Set("normalization",
           ExportNormalization(resolved.head().normalization()));
  config.Set("head", head);
  return config;
}

}  // namespace weightwalk
