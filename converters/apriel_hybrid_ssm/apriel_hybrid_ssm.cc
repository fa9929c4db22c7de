#include "converters/apriel_hybrid_ssm/apriel_hybrid_ssm.h"

#include "converters/apriel_hybrid_ssm/apriel_hybrid_ssm_config.h"
#include "converters/llama/llama.h"
#include "converters/mistral/mistral.h"
#include "converters/ssm/ssm.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

void EmitAprielMixer(const MixerConfig& mixer, const ConverterEmitter& out) {
  switch (mixer.type_case()) {
    case MixerConfig::kMamba: {
      const MambaConfig& mamba = mixer.mamba();
      EmitMamba(
          mamba,
          {EffectiveBias(mamba.dt_layer(), mamba.add_linear_biases()),
           EffectiveBias(mamba.convolution_layer(), mamba.add_linear_biases())},
          out);
      return;
    }
    case MixerConfig::kGdn:
      EmitGatedDeltaNet(/*convolution_bias=*/false, /*dt_bias_first=*/false,
                        out);
      return;
    case MixerConfig::kKda:
      EmitKimiDeltaAttention(out);
      return;
    default:
      out.Fail(
          "the apriel_hybrid_ssm format has no converter for a "
          "stochastic mixer");
      return;
  }
}

}  // namespace

void EmitAprielHybridBlock(const DecoderBlockConfig& block,
                           const ConverterEmitter& out) {
  LlamaBlockConverter converter = MistralBlockConverter();
  if (!block.mixer().has_attention()) {
    converter.mixer_name = "mixer";
    converter.emit_mixer = &EmitAprielMixer;
  }
  converter.Emit(block, out);
}

void EmitAprielHybridSsm(const ModelConfig& resolved,
                         const ConverterEmitter& out) {
  EmitLlamaEmbeddings(out);
  EmitBlockSequence(resolved.decoder(), "decoder", "model.layers", out,
                    &EmitAprielHybridBlock);
  EmitLlamaHead(resolved, out);
}

const Format kAprielHybridSsmFormat = {"apriel_hybrid_ssm",
                                       "AprielHybridSSMForCausalLM",
                                       &EmitAprielHybridSsm,
                                       {"apriel_hybrid_ssm"},
                                       &kAprielHybridSsmConfig};
WEIGHTWALK_REGISTER_FORMAT(kAprielHybridSsmFormat);

}  // namespace weightwalk
