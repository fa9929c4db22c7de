#include "converters/apriel2_text/apriel2_text.h"

#include "converters/apriel2_text/apriel2_text_config.h"
#include "converters/ssm/ssm.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// Apriel2's attention: each layer's own bias, falling back to
// add_linear_biases; the packed K/V needs both flags.
void EmitApriel2Attention(const AttentionConfig& attention,
                          const ConverterEmitter& out) {
  const bool biases = attention.add_linear_biases();
  out.Linear("query", {"q_proj"}, RENAME,
             EffectiveBias(attention.query_layer(), biases));
  out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT,
             EffectiveBias(attention.key_layer(), biases) &&
                 EffectiveBias(attention.value_layer(), biases));
  out.Linear("dense", {"o_proj"}, RENAME,
             EffectiveBias(attention.dense_layer(), biases));
}

// Fast-LLM's APRIEL2_LEAF_MIXER_REGISTRY, plus the stochastic mixer at the
// block level (`stochastic_allowed`).
void EmitApriel2Mixer(const MixerConfig& mixer, const ConverterEmitter& out,
                      bool stochastic_allowed) {
  switch (mixer.type_case()) {
    case MixerConfig::kMamba: {
      // dt_proj and conv1d read only the explicit flags (no fallback).
      const MambaConfig& mamba = mixer.mamba();
      EmitMamba(mamba,
                {mamba.dt_layer().bias().enabled(),
                 mamba.convolution_layer().bias().enabled()},
                out);
      return;
    }
    case MixerConfig::kGdn:
      EmitGatedDeltaNet(mixer.gdn().convolution_layer().bias().enabled(),
                        /*dt_bias_first=*/true, out);
      return;
    case MixerConfig::kKda:
      EmitKimiDeltaAttention(out);
      return;
    case MixerConfig::kStochastic:
      if (!stochastic_allowed) {
        out.Fail(
            "the apriel2 formats have no converter for a stochastic "
            "mixer inside a stochastic mixer");
        return;
      }
      for (const NamedMixer& entry : mixer.stochastic().mixers()) {
        EmitApriel2Mixer(entry.mixer(),
                         out.Nested(JoinPrefix("mixers", entry.name()),
                                    JoinPrefix("mixers", entry.name())),
                         /*stochastic_allowed=*/false);
      }
      return;
    default:
      EmitApriel2Attention(mixer.attention(), out);
      return;
  }
}

void EmitApriel2BlockMixer(const MixerConfig& mixer,
                           const ConverterEmitter& out) {
  EmitApriel2Mixer(mixer, out, /*stochastic_allowed=*/true);
}

}  // namespace

void EmitApriel2MLP(const MLPConfig& mlp, const ConverterEmitter& out) {
  if (mlp.type() == MLPConfig::HYBRID_MOE) {
    out.Fail("the apriel2 formats have no converter for a hybrid_moe MLP");
    return;
  }
  const bool biases = mlp.add_linear_biases();
  out.Linear("layer_1",
             mlp.gated() ? std::vector<std::string>{"gate_proj", "up_proj"}
                         : std::vector<std::string>{"up_proj"},
             SPLIT, EffectiveBias(mlp.layer_1(), biases));
  out.Linear("layer_2", {"down_proj"}, TRANSPOSE_SPLIT,
             EffectiveBias(mlp.layer_2(), biases));
}

LlamaBlockConverter Apriel2BlockConverter() {
  LlamaBlockConverter block;
  block.mixer_name = "mixer";
  block.emit_mixer = &EmitApriel2BlockMixer;
  block.emit_mlp = &EmitApriel2MLP;
  return block;
}

void EmitApriel2Text(const ModelConfig& resolved, const ConverterEmitter& out) {
  const LlamaBlockConverter block = Apriel2BlockConverter();
  EmitLlamaEmbeddings(out);
  EmitBlockSequence(resolved.decoder(), "decoder", "model.decoder.blocks", out,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
  EmitLlamaHead(resolved, out);
}

const Format kApriel2TextFormat = {"apriel2_text",
                                   "Apriel2ForCausalLM",
                                   &EmitApriel2Text,
                                   {"apriel2_text"},
                                   &kApriel2TextConfig};
WEIGHTWALK_REGISTER_FORMAT(kApriel2TextFormat);

}  // namespace weightwalk
