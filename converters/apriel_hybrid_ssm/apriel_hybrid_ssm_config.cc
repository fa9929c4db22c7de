#include "converters/apriel_hybrid_ssm/apriel_hybrid_ssm_config.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/hf/llama_family.h"
#include "converters/mistral/mistral_config.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

constexpr char kAprielHybridArchitecture[] = "AprielHybridSSMForCausalLM";
constexpr char kAprielHybridFormat[] = "apriel_hybrid_ssm";

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

}  // namespace

std::set<std::string> AprielHybridClaims() {
  std::set<std::string> claims = LlamaFamilyClaims(MistralOptions());
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
                   ImportLlamaFamily(MistralOptions(), reader, has_attention));
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

namespace {

// Per layout name ("t", "m2", "gdn"): the resolved block and the block as
// written.
using LayoutBlocks =
    std::map<std::string,
             std::pair<const DecoderBlockConfig*, const DecoderBlockConfig*>>;

absl::StatusOr<std::string> LayoutName(const DecoderBlockConfig& block) {
  if (block.mixer().has_attention()) return std::string("t");
  if (block.mixer().has_mamba()) return std::string("m2");
  if (block.mixer().has_gdn()) return std::string("gdn");
  return CannotExport(kAprielHybridFormat, "decoder.*.mixer",
                      "the layout has attention (t), mamba (m2) and gdn "
                      "blocks only");
}

// The blocks by layout name, and the layout; one block per mixer type.
absl::Status CollectBlocks(const ModelConfig& input, const ModelConfig& model,
                           LayoutBlocks& blocks,
                           std::vector<std::string>& layout) {
  if (model.decoder().type() != BlockSequenceConfig::PATTERN) {
    ASSIGN_OR_RETURN(const std::string kind,
                     LayoutName(model.decoder().block()));
    layout.push_back(kind);
    blocks.emplace(
        kind, std::pair{&model.decoder().block(), &input.decoder().block()});
    return absl::OkStatus();
  }
  for (const std::string& name : model.decoder().pattern()) {
    const DecoderBlockConfig& block = model.decoder().blocks().at(name);
    ASSIGN_OR_RETURN(const std::string kind, LayoutName(block));
    layout.push_back(kind);
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
  return absl::OkStatus();
}

// Every block shares `base`'s MLP and norm keys (all but the mixer).
absl::Status CheckSharedKeys(const LayoutBlocks& blocks,
                             LayoutBlocks::const_iterator base) {
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
  return absl::OkStatus();
}

// `model` with a fixed decoder of `block` alone, for the Mistral keys.
ModelConfig WithOnlyBlock(const ModelConfig& model,
                          const DecoderBlockConfig& block) {
  ModelConfig single = model;
  const int64_t num_blocks = model.decoder().num_blocks();
  single.clear_decoder();
  single.mutable_decoder()->set_type(BlockSequenceConfig::FIXED);
  single.mutable_decoder()->set_num_blocks(num_blocks);
  *single.mutable_decoder()->mutable_block() = block;
  return single;
}

JsonObject GdnConfig(const GatedDeltaNetConfig& gdn) {
  JsonObject linear;
  linear.Set("gdn_num_value_heads", gdn.value_heads());
  linear.Set("gdn_num_key_heads", gdn.key_heads());
  linear.Set("gdn_key_head_dim", gdn.key_head_dim());
  linear.Set("gdn_value_head_dim", gdn.value_head_dim());
  linear.Set("gdn_linear_conv_kernel_size",
             gdn.convolution_layer().kernel_size());
  return linear;
}

}  // namespace

absl::StatusOr<JsonObject> ExportAprielHybrid(const ModelConfig& input,
                                              const ModelConfig& model,
                                              TransformersLayout layout,
                                              bool top_level) {
  LayoutBlocks blocks;
  std::vector<std::string> block_layout;
  RETURN_IF_ERROR(CollectBlocks(input, model, blocks, block_layout));
  // The Mistral keys come from the attention block when there is one, else
  // from any block: without attention Fast-LLM writes no attention keys.
  auto base = blocks.find("t");
  if (base == blocks.end()) base = blocks.begin();
  RETURN_IF_ERROR(CheckSharedKeys(blocks, base));
  ASSIGN_OR_RETURN(
      JsonObject config,
      ExportLlamaFamily(MistralOptions(),
                        WithOnlyBlock(input, *base->second.second),
                        WithOnlyBlock(model, *base->second.first), layout,
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
  if (const auto gdn = blocks.find("gdn"); gdn != blocks.end()) {
    config.Set("linear_attn_config",
               GdnConfig(gdn->second.first->mixer().gdn()));
  }
  return config;
}

const ConfigCodec kAprielHybridSsmConfig = {
    [](const JsonValue& config, absl::string_view path) {
      return ImportAprielHybrid(ConfigReader(config, path), path);
    },
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout layout) {
      return ExportAprielHybrid(written, resolved, layout);
    },
    &AprielHybridClaims};

}  // namespace weightwalk
