// Apriel2's mixer sections (apriel2_parts.h): attention with its rotary
// embedding, mamba, gdn, kda and stochastic.

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/apriel2_text/apriel2_parts.h"

namespace weightwalk {
namespace apriel2 {
namespace {

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

}  // namespace

namespace {

// {type: attention, heads, head_groups, head_size, rotary, ...}.
absl::Status ImportAttentionMixer(const ConfigReader& reader,
                                  absl::string_view path, MixerConfig& mixer) {
  RETURN_IF_ERROR(
      OnlyKeys(reader, reader.config(), "an attention mixer",
               {"type", "heads", "head_groups", "head_size", "rotary",
                "add_linear_biases", "window_size", "query_layer", "key_layer",
                "value_layer", "dense_layer"}));
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
  return absl::OkStatus();
}

// {type: mamba, state_size, d_inner, d_xb, dt_rank, ...}.
absl::Status ImportMambaMixer(const ConfigReader& reader, MixerConfig& mixer) {
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
  return absl::OkStatus();
}

// {type: gdn, ...} or {type: kda, ...}, with an optional convolution_layer.
absl::Status ImportDeltaMixer(const ConfigReader& reader,
                              absl::string_view path, const std::string& type,
                              MixerConfig& mixer) {
  const bool gdn = type == "gdn";
  if (gdn) {
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a gdn mixer",
                 {"type", "value_heads", "key_heads", "key_head_dim",
                  "value_head_dim", "convolution_layer"}));
    GatedDeltaNetConfig* config = mixer.mutable_gdn();
    ASSIGN_OR_RETURN(const int64_t value_heads,
                     reader.PositiveInt("value_heads"));
    ASSIGN_OR_RETURN(const int64_t key_heads, reader.PositiveInt("key_heads"));
    ASSIGN_OR_RETURN(const int64_t key_dim, reader.PositiveInt("key_head_dim"));
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
    ASSIGN_OR_RETURN(const int64_t kernel, convolution_reader.PositiveInt(
                                               "kernel_size", &default_kernel));
    (gdn ? mixer.mutable_gdn()->mutable_convolution_layer()
         : mixer.mutable_kda()->mutable_convolution_layer())
        ->set_kernel_size(kernel);
  }
  return absl::OkStatus();
}

// {type: stochastic, mixers: {name: mixer}, main_mixer_name,
// sampling_strategy}.
absl::Status ImportStochasticMixer(const ConfigReader& reader,
                                   absl::string_view path, MixerConfig& mixer) {
  RETURN_IF_ERROR(
      OnlyKeys(reader, reader.config(), "a stochastic mixer",
               {"type", "mixers", "main_mixer_name", "sampling_strategy"}));
  StochasticMixerConfig* stochastic = mixer.mutable_stochastic();
  ASSIGN_OR_RETURN(const JsonValue* mixers, Object(reader, "mixers", true));
  for (const auto& [name, sub] : mixers->members()) {
    if (!sub.is_object()) return reader.Error(sub, "a mixer must be an object");
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
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MixerConfig> ImportMixer(const ConfigReader& reader,
                                        bool stochastic_allowed,
                                        absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  MixerConfig mixer;
  if (type == "attention") {
    RETURN_IF_ERROR(ImportAttentionMixer(reader, path, mixer));
  } else if (type == "mamba") {
    RETURN_IF_ERROR(ImportMambaMixer(reader, mixer));
  } else if (type == "gdn" || type == "kda") {
    RETURN_IF_ERROR(ImportDeltaMixer(reader, path, type, mixer));
  } else if (type == "stochastic" && stochastic_allowed) {
    RETURN_IF_ERROR(ImportStochasticMixer(reader, path, mixer));
  } else {
    return reader.Error(
        *reader.Get("type"),
        absl::StrCat("unsupported mixer type \"", type, "\"",
                     stochastic_allowed ? "" : " inside a stochastic mixer"));
  }
  return mixer;
}

namespace {

JsonObject ExportMamba(const MambaConfig& mamba, const MambaConfig& written) {
  JsonObject out;
  out.Set("type", "mamba");
  out.Set("state_size", mamba.state_size());
  out.Set("d_inner", mamba.d_inner());
  out.Set("add_linear_biases", mamba.add_linear_biases());
  out.Set("d_xb", mamba.d_xb());
  out.Set("dt_rank", mamba.dt_rank());
  out.Set("d_conv", mamba.convolution_layer().kernel_size());
  // Fast-LLM writes the explicit flags, null when unset.
  if (written.convolution_layer().bias().has_enabled()) {
    out.Set("conv_bias", written.convolution_layer().bias().enabled());
  } else {
    out.SetNull("conv_bias");
  }
  if (written.dt_layer().bias().has_enabled()) {
    out.Set("dt_proj_bias", written.dt_layer().bias().enabled());
  } else {
    out.SetNull("dt_proj_bias");
  }
  return out;
}

JsonObject ExportGdn(const GatedDeltaNetConfig& gdn) {
  JsonObject out;
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

JsonObject ExportKda(const KimiDeltaAttentionConfig& kda) {
  JsonObject out;
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

absl::StatusOr<JsonObject> ExportStochastic(
    const StochasticMixerConfig& stochastic,
    const StochasticMixerConfig& written, const std::string& field) {
  JsonObject out;
  out.Set("type", "stochastic");
  JsonObject mixers;
  for (int i = 0; i < stochastic.mixers_size(); ++i) {
    const NamedMixer& entry = stochastic.mixers(i);
    if (entry.mixer().has_stochastic()) {
      return CannotExport(absl::StrCat(field, ".mixers.", entry.name()),
                          "a stochastic mixer inside a stochastic mixer");
    }
    ASSIGN_OR_RETURN(
        const JsonObject sub,
        ExportMixer(entry.mixer(), written.mixers(i).mixer(),
                    absl::StrCat(field, ".mixers.", entry.name())));
    mixers.Set(entry.name(), sub);
  }
  out.Set("mixers", mixers);
  out.Set("main_mixer_name", stochastic.main_mixer_name());
  if (stochastic.sampling_strategy() == StochasticMixerConfig::WEIGHTED) {
    out.Set("sampling_strategy", "weighted");
  } else if (stochastic.sampling_strategy() ==
             StochasticMixerConfig::FULL_LAYOUT) {
    out.Set("sampling_strategy", "full_layout");
  }
  return out;
}

absl::StatusOr<JsonObject> ExportAttention(const AttentionConfig& attention,
                                           const AttentionConfig& written,
                                           const std::string& field) {
  if (attention.has_query_norm() || attention.has_key_norm() ||
      attention.has_value_norm() || attention.shared_key_value()) {
    return CannotExport(
        field, "apriel2 attention has no q/k/v norms or shared key-value");
  }
  JsonObject out;
  out.Set("type", "attention");
  out.Set("heads", attention.heads());
  out.Set("head_groups", attention.head_groups());
  out.Set("head_size", attention.head_size());
  ASSIGN_OR_RETURN(const JsonObject rotary, ExportRotary(attention.rotary()));
  out.Set("rotary", rotary);
  if (!attention.add_linear_biases()) out.Set("add_linear_biases", false);
  if (attention.has_window_size()) {
    out.Set("window_size", attention.window_size());
  }
  ExportLayerBiases(out, {{"query_layer", &written.query_layer()},
                          {"key_layer", &written.key_layer()},
                          {"value_layer", &written.value_layer()},
                          {"dense_layer", &written.dense_layer()}});
  return out;
}

}  // namespace

absl::StatusOr<JsonObject> ExportMixer(const MixerConfig& mixer,
                                       const MixerConfig& written,
                                       const std::string& field) {
  switch (mixer.type_case()) {
    case MixerConfig::kMamba:
      return ExportMamba(mixer.mamba(), written.mamba());
    case MixerConfig::kGdn:
      return ExportGdn(mixer.gdn());
    case MixerConfig::kKda:
      return ExportKda(mixer.kda());
    case MixerConfig::kStochastic:
      return ExportStochastic(mixer.stochastic(), written.stochastic(), field);
    default:
      return ExportAttention(mixer.attention(), written.attention(), field);
  }
}

}  // namespace apriel2
}  // namespace weightwalk
