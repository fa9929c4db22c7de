#include "converters/qwen2/qwen2.h"

#include "converters/llama/llama.h"
#include "converters/qwen2/qwen2_config.h"

namespace weightwalk {

void EmitQwen2Attention(const MixerConfig& mixer, const ConverterEmitter& out) {
  if (RequireAttention(mixer, out) == nullptr) return;
  out.Linear("query", {"q_proj"}, RENAME, /*bias=*/true);
  out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, /*bias=*/true);
  out.Linear("dense", {"o_proj"}, RENAME, /*bias=*/false);
}

void EmitQwen2(const ModelConfig& resolved, const ConverterEmitter& out) {
  LlamaBlockConverter block;
  block.emit_mixer = &EmitQwen2Attention;
  EmitLlamaModel(resolved, block, out);
}

const Format kQwen2Format = {
    "qwen2", "Qwen2ForCausalLM", &EmitQwen2, {"qwen2"}, &kQwen2Config};
WEIGHTWALK_REGISTER_FORMAT(kQwen2Format);

}  // namespace weightwalk
