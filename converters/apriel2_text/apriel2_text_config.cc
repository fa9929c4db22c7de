#include "converters/apriel2_text/apriel2_text_config.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/apriel2_text/apriel2_parts.h"
#include "converters/hf/config_reader.h"

namespace weightwalk {
namespace {

using apriel2::CannotExport;
using apriel2::ExportLayerBiases;
using apriel2::ExportMixer;
using apriel2::ExportNormalization;
using apriel2::ImportLayerBiases;
using apriel2::ImportMixer;
using apriel2::ImportNormalization;
using apriel2::Object;
using apriel2::OnlyKeys;
using apriel2::Type;

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

}  // namespace

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
  config.SetStrings("architectures", {"Apriel2ForCausalLM"});
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

const ConfigCodec kApriel2TextConfig = {
    &ImportApriel2Text,
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout) { return ExportApriel2Text(written, resolved); },
    &Apriel2TextClaims,
    // Fast-LLM's Apriel2 handler skips the architectures assertion.
    /*checks_architecture=*/false};

}  // namespace weightwalk
