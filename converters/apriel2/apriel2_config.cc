#include "converters/apriel2/apriel2_config.h"

#include <set>
#include <string>

#include "base/status_macros.h"
#include "converters/apriel2_text/apriel2_parts.h"
#include "converters/apriel2_text/apriel2_text_config.h"
#include "converters/hf/config_reader.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using apriel2::CannotExport;
using apriel2::ExportNormalization;
using apriel2::ImportNormalization;
using apriel2::Object;
using apriel2::OnlyKeys;
using apriel2::Type;

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

// vision_encoder.embeddings into `vision`.
absl::Status ImportVisionEmbeddings(const ConfigReader& embeddings,
                                    const JsonValue& json,
                                    absl::string_view path,
                                    VisionEncoderConfig& vision) {
  RETURN_IF_ERROR(OnlyKeys(
      embeddings, json, "vision_encoder.embeddings",
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
  return absl::OkStatus();
}

// A vision block's attention (`mixer` at `json`) into `attention`.
absl::Status ImportVisionAttention(const ConfigReader& mixer,
                                   const JsonValue& json,
                                   absl::string_view path,
                                   AttentionConfig* attention) {
  RETURN_IF_ERROR(OnlyKeys(
      mixer, json, "a vision attention",
      {"type", "heads", "head_groups", "head_size", "add_linear_biases",
       "causal", "cross_document_attention", "rotary"}));
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
  return absl::OkStatus();
}

// vision_encoder.encoder.block (`block` at `json`) into `vision_block`.
absl::Status ImportVisionBlock(const ConfigReader& block, const JsonValue& json,
                               absl::string_view path,
                               DecoderBlockConfig* vision_block) {
  RETURN_IF_ERROR(OnlyKeys(block, json, "a vision block",
                           {"mixer", "mlp", "normalization"}));
  ASSIGN_OR_RETURN(const JsonValue* mixer_json, Object(block, "mixer", true));
  RETURN_IF_ERROR(ImportVisionAttention(
      ConfigReader(*mixer_json, path), *mixer_json, path,
      vision_block->mutable_mixer()->mutable_attention()));
  ASSIGN_OR_RETURN(const JsonValue* mlp_json, Object(block, "mlp", true));
  ASSIGN_OR_RETURN(*vision_block->mutable_mlp(),
                   ImportVisionMLP(ConfigReader(*mlp_json, path)));
  ASSIGN_OR_RETURN(const JsonValue* block_norm,
                   Object(block, "normalization", true));
  ASSIGN_OR_RETURN(*vision_block->mutable_normalization(),
                   ImportNormalization(ConfigReader(*block_norm, path)));
  return absl::OkStatus();
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
  ASSIGN_OR_RETURN(const JsonValue* embeddings,
                   Object(reader, "embeddings", true));
  RETURN_IF_ERROR(ImportVisionEmbeddings(ConfigReader(*embeddings, path),
                                         *embeddings, path, vision));
  ASSIGN_OR_RETURN(const JsonValue* encoder_json,
                   Object(reader, "encoder", true));
  const ConfigReader encoder(*encoder_json, path);
  RETURN_IF_ERROR(OnlyKeys(encoder, *encoder_json, "vision_encoder.encoder",
                           {"type", "num_blocks", "block"}));
  ASSIGN_OR_RETURN(const int64_t blocks, encoder.PositiveInt("num_blocks"));
  vision.mutable_encoder()->set_type(BlockSequenceConfig::FIXED);
  vision.mutable_encoder()->set_num_blocks(blocks);
  ASSIGN_OR_RETURN(const JsonValue* block, Object(encoder, "block", true));
  RETURN_IF_ERROR(ImportVisionBlock(ConfigReader(*block, path), *block, path,
                                    vision.mutable_encoder()->mutable_block()));
  ASSIGN_OR_RETURN(const JsonValue* adapter_json,
                   Object(reader, "adapter", true));
  ASSIGN_OR_RETURN(*vision.mutable_adapter(),
                   ImportVisionMLP(ConfigReader(*adapter_json, path)));
  return vision;
}

// What an Apriel2 vision block can express (`written`: as given).
absl::Status CheckVisionBlock(const DecoderBlockConfig& block,
                              const DecoderBlockConfig& written) {
  if (!block.mixer().has_attention()) {
    return CannotExport("vision_encoder.encoder.block.mixer",
                        "must be attention");
  }
  const AttentionConfig& attention = block.mixer().attention();
  const AttentionConfig& written_attention = written.mixer().attention();
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
      written.has_pre_mixer_normalization() ||
      written.has_pre_mlp_normalization() ||
      block.has_post_mixer_normalization() ||
      block.has_post_mlp_normalization() || block.output_scale().enabled()) {
    return CannotExport("vision_encoder.encoder.block.normalization",
                        "one rms_norm, no other norms or output scale");
  }
  return absl::OkStatus();
}

// A vision block's attention section, its rotary keyed by `patch`.
absl::StatusOr<JsonObject> ExportVisionAttention(
    const AttentionConfig& attention, int64_t patch) {
  JsonObject rotary;
  if (attention.rotary().type() == RotaryConfig::DEFAULT_2D) {
    rotary.Set("type", "pixtral_2d");
    rotary.Set("theta", attention.rotary().theta());
    rotary.Set("patch_size", patch);
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
  return mixer;
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
  RETURN_IF_ERROR(CheckVisionBlock(block, written.encoder().block()));
  ASSIGN_OR_RETURN(
      const JsonObject mixer,
      ExportVisionAttention(block.mixer().attention(), patches.patch_height()));
  JsonObject block_json;
  block_json.Set("mixer", mixer);
  ASSIGN_OR_RETURN(const JsonObject mlp,
                   ExportVisionMLP(block.mlp(), written.encoder().block().mlp(),
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
  config.SetStrings("architectures", {"Apriel2ForConditionalGeneration"});
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

}  // namespace

const ConfigCodec kApriel2Config = {
    &ImportApriel2,
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout) { return ExportApriel2(written, resolved); },
    &Apriel2Claims,
    // Fast-LLM's Apriel2 handlers skip the architectures assertion.
    /*checks_architecture=*/false};

}  // namespace weightwalk
