#include "converters/llava/llava_config.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/hf/llama_family.h"
#include "converters/mistral/mistral_config.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// Pixtral pins the vision normalization's epsilon.
constexpr double kPixtralEpsilon = 1e-5;

// llava's language model: Mistral's.
const LlavaLanguageModel kMistralText = {
    "llava", "LlavaForConditionalGeneration",
    [](const ConfigReader& text, absl::string_view) {
      return ImportLlamaFamily(MistralOptions(), text);
    },
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout layout) {
      return ExportLlamaFamily(MistralOptions(), written, resolved, layout,
                               /*top_level=*/false);
    }};

}  // namespace

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

namespace {

// Pixtral's vision_config (`vision` at `reader`) into `encoder`.
absl::Status ImportPixtral(const ConfigReader& reader, const JsonValue& vision,
                           VisionEncoderConfig* encoder) {
  ASSIGN_OR_RETURN(const int64_t width, reader.PositiveInt("hidden_size"));
  ASSIGN_OR_RETURN(const int64_t patch, reader.PositiveInt("patch_size"));
  ASSIGN_OR_RETURN(const int64_t layers,
                   reader.PositiveInt("num_hidden_layers"));
  ASSIGN_OR_RETURN(const int64_t heads,
                   reader.PositiveInt("num_attention_heads"));
  ASSIGN_OR_RETURN(const int64_t intermediate,
                   reader.PositiveInt("intermediate_size"));
  ASSIGN_OR_RETURN(const Activation activation, ImportActivation(reader));
  if (const JsonValue* channels = reader.Get("num_channels");
      channels != nullptr &&
      !(channels->is_integer() && channels->integer() == 3)) {
    return reader.Error(*channels, "\"num_channels\" must be 3");
  }
  if (width % heads != 0) {
    return reader.Error(
        vision, absl::StrCat("vision hidden_size (", width,
                             ") must be divisible by num_attention_heads (",
                             heads, ")"));
  }
  double theta = 10000.0;
  if (const JsonValue* parameters = reader.Get("rope_parameters")) {
    const JsonValue* value = parameters->Find("rope_theta");
    if (value == nullptr || !value->is_number()) {
      return reader.Error(*parameters,
                          "\"rope_parameters\" needs a numeric \"rope_theta\"");
    }
    theta = value->number();
  } else {
    ASSIGN_OR_RETURN(theta, reader.Number("rope_theta", 10000.0));
  }
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
  attention->mutable_rotary()->set_type(RotaryConfig::DEFAULT_2D);
  attention->mutable_rotary()->set_theta(theta);
  MLPConfig* mlp = block->mutable_mlp();
  mlp->set_intermediate_size(intermediate);
  mlp->set_gated(true);
  mlp->set_activation(activation);
  mlp->set_add_linear_biases(false);
  block->mutable_normalization()->set_type(NormalizationConfig::RMS_NORM);
  block->mutable_normalization()->set_epsilon(kPixtralEpsilon);
  return absl::OkStatus();
}

// The adapter and multimodal keys at the top, into `model`.
absl::Status ImportAdapter(const ConfigReader& reader, ModelConfig& model) {
  // The adapter's width is read from text_config.hidden_size (and never
  // written on export).
  MLPConfig* adapter = model.mutable_vision_encoder()->mutable_adapter();
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
  return absl::OkStatus();
}

bool PixtralNorm(const NormalizationConfig& norm) {
  return norm.type() == NormalizationConfig::RMS_NORM &&
         !norm.zero_centered() && norm.epsilon() == kPixtralEpsilon;
}

// Pixtral's attention: non-causal, default_2d rotary, no GQA, biases or
// norms, heads * head_size == hidden_size.
bool PixtralAttention(const AttentionConfig& attention, int64_t width) {
  return attention.rotary().type() == RotaryConfig::DEFAULT_2D &&
         attention.head_groups() == attention.heads() &&
         attention.heads() * attention.head_size() == width &&
         !attention.add_linear_biases() && !attention.causal() &&
         attention.softmax_scale_power() == 0.5 &&
         !attention.shared_key_value() && !attention.has_query_norm() &&
         !attention.has_key_norm() && !attention.has_value_norm();
}

// What Pixtral's encoder block pins (`written`: the block as given).
absl::Status CheckPixtralBlock(absl::string_view format,
                               const DecoderBlockConfig& block,
                               const DecoderBlockConfig& written,
                               int64_t width) {
  if (!block.mixer().has_attention()) {
    return CannotExport(format, "vision_encoder.encoder.block.mixer",
                        "not attention");
  }
  if (!PixtralAttention(block.mixer().attention(), width)) {
    return CannotExport(
        format, "vision_encoder.encoder.block.mixer",
        "Pixtral attention is non-causal, with default_2d rotary, "
        "no GQA, no biases or norms, and heads * head_size == "
        "hidden_size");
  }
  const AttentionConfig& attention = written.mixer().attention();
  for (const AffineLinearConfig* layer :
       {&attention.query_layer(), &attention.key_layer(),
        &attention.value_layer(), &attention.dense_layer(),
        &written.mlp().layer_1(), &written.mlp().layer_2()}) {
    if (EffectiveBias(*layer, false)) {
      return CannotExport(format, "vision_encoder.encoder.block",
                          "Pixtral has no biases");
    }
  }
  const MLPConfig& mlp = block.mlp();
  if (mlp.type() != MLPConfig::MLP || !mlp.gated() || mlp.add_linear_biases() ||
      mlp.has_pre_norm() || mlp.has_post_norm()) {
    return CannotExport(format, "vision_encoder.encoder.block.mlp",
                        "Pixtral's MLP is gated, without biases or norms");
  }
  if (!PixtralNorm(block.normalization()) ||
      written.has_pre_mixer_normalization() ||
      written.has_pre_mlp_normalization() ||
      block.has_post_mixer_normalization() ||
      block.has_post_mlp_normalization() || block.output_scale().enabled()) {
    return CannotExport(format, "vision_encoder.encoder.block.normalization",
                        "Pixtral pins one rms_norm with epsilon 1e-5 and no "
                        "other norms or output scale");
  }
  return absl::OkStatus();
}

// What Pixtral and Llava's projector pin (`written`: the encoder as given).
absl::Status CheckPixtral(absl::string_view format,
                          const VisionEncoderConfig& vision,
                          const VisionEncoderConfig& written) {
  const PatchEmbeddingsConfig& patches = vision.embeddings();
  if (patches.patch_height() != patches.patch_width()) {
    return CannotExport(format, "vision_encoder.embeddings.patch_width",
                        "Pixtral has one patch_size for both sides");
  }
  if (EffectiveBias(patches.patch_embeddings(), false)) {
    return CannotExport(format,
                        "vision_encoder.embeddings.patch_embeddings.bias",
                        "Pixtral's patch convolution has no bias");
  }
  if (!PixtralNorm(patches.normalization())) {
    return CannotExport(format, "vision_encoder.embeddings.normalization",
                        "Pixtral pins rms_norm with epsilon 1e-5");
  }
  if (vision.encoder().type() != BlockSequenceConfig::FIXED) {
    return CannotExport(format, "vision_encoder.encoder",
                        "must be a fixed sequence");
  }
  RETURN_IF_ERROR(CheckPixtralBlock(format, vision.encoder().block(),
                                    written.encoder().block(),
                                    vision.hidden_size()));
  const MLPConfig& adapter = vision.adapter();
  if (adapter.type() != MLPConfig::MLP || adapter.gated() ||
      adapter.has_pre_norm() || adapter.has_post_norm()) {
    return CannotExport(format, "vision_encoder.adapter",
                        "Llava's projector is a plain two-layer MLP");
  }
  RETURN_IF_ERROR(CheckLayerBias(format, "vision_encoder.adapter.layer_1",
                                 written.adapter().layer_1(),
                                 adapter.add_linear_biases()));
  return CheckLayerBias(format, "vision_encoder.adapter.layer_2",
                        written.adapter().layer_2(),
                        adapter.add_linear_biases());
}

JsonObject PixtralConfig(const VisionEncoderConfig& vision,
                         TransformersLayout layout) {
  const AttentionConfig& attention =
      vision.encoder().block().mixer().attention();
  const MLPConfig& mlp = vision.encoder().block().mlp();
  JsonObject config;
  config.Set("model_type", "pixtral");
  config.Set("hidden_size", vision.hidden_size());
  config.Set("num_channels", int64_t{3});
  config.Set("patch_size", vision.embeddings().patch_height());
  config.Set("num_hidden_layers", vision.encoder().num_blocks());
  config.Set("num_attention_heads", attention.heads());
  config.Set("attention_dropout", 0.0);
  config.Set("intermediate_size", mlp.intermediate_size());
  config.Set("hidden_act", HfActivationName(mlp.activation()));
  if (layout == TransformersLayout::kV5) {
    JsonObject rope;
    rope.Set("rope_theta", attention.rotary().theta());
    rope.Set("rope_type", "default");
    config.Set("rope_parameters", rope);
  } else {
    config.Set("rope_theta", attention.rotary().theta());
  }
  return config;
}

}  // namespace

absl::StatusOr<ModelConfig> ImportLlava(const ConfigReader& reader,
                                        absl::string_view path,
                                        const LlavaLanguageModel& text_model) {
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
  // The language model, read from text_config.
  ASSIGN_OR_RETURN(ModelConfig model,
                   text_model.import_config(ConfigReader(*text, path), path));
  RETURN_IF_ERROR(ImportPixtral(ConfigReader(*vision, path), *vision,
                                model.mutable_vision_encoder()));
  RETURN_IF_ERROR(ImportAdapter(reader, model));
  return model;
}

absl::StatusOr<JsonObject> ExportLlava(const ModelConfig& input,
                                       const ModelConfig& model,
                                       TransformersLayout layout,
                                       const LlavaLanguageModel& text_model) {
  const absl::string_view format = text_model.format;
  if (!model.has_vision_encoder()) {
    return CannotExport(format, "vision_encoder", "llava needs one");
  }
  if (!model.has_image_token_index()) {
    return CannotExport(format, "image_token_index", "llava needs one");
  }
  // The language model's export, under text_config.
  ModelConfig text_input = input, text_resolved = model;
  for (ModelConfig* text : {&text_input, &text_resolved}) {
    text->clear_vision_encoder();
    text->clear_image_token_index();
  }
  ASSIGN_OR_RETURN(const JsonObject text,
                   text_model.export_config(text_input, text_resolved, layout));
  const VisionEncoderConfig& vision = model.vision_encoder();
  RETURN_IF_ERROR(CheckPixtral(format, vision, input.vision_encoder()));

  JsonObject config;
  config.SetStrings("architectures", {std::string(text_model.architecture)});
  config.Set("model_type", std::string(format));
  config.Set("text_config", text);
  config.Set("vision_config", PixtralConfig(vision, layout));
  // The adapter's intermediate_size is not written: import takes
  // text_config.hidden_size (spec §3.10), which the round trip reports.
  config.Set("projector_hidden_act",
             HfActivationName(vision.adapter().activation()));
  config.Set("multimodal_projector_bias", vision.adapter().add_linear_biases());
  config.Set("image_token_index", model.image_token_index());
  config.Set("vision_feature_select_strategy", "full");
  config.Set("vision_feature_layer", int64_t{-1});
  return config;
}

const ConfigCodec kLlavaConfig = {
    [](const JsonValue& config, absl::string_view path) {
      return ImportLlava(ConfigReader(config, path), path, kMistralText);
    },
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout layout) {
      return ExportLlava(written, resolved, layout, kMistralText);
    },
    &LlavaClaims};

}  // namespace weightwalk
