#include "converters/mtp_llama/mtp_llama.h"

#include "absl/strings/str_cat.h"
#include "converters/llama/llama.h"
#include "converters/mtp_llama/mtp_llama_config.h"
#include "model/block_sequence.h"

namespace weightwalk {

void EmitMtpLlama(const ModelConfig& resolved, const ConverterEmitter& out) {
  const LlamaBlockConverter block;
  EmitLlamaEmbeddings(out);
  EmitLlamaDecoder(resolved, block, out);
  const int64_t extra_heads = resolved.head().prediction_heads() - 1;
  for (int64_t j = 0; j < extra_heads; ++j) {
    block.Emit(LastBlockConfig(resolved.decoder()),
               out.Nested(absl::StrCat("multi_token_prediction.blocks.", j),
                          absl::StrCat("model.mtp_heads.", j)));
  }
  for (int64_t j = 0; j < extra_heads; ++j) {
    EmitLlamaNormalization(out.Nested(
        absl::StrCat("multi_token_prediction.heads.", j, ".final_norm"),
        absl::StrCat("model.mtp_norms.", j + 1)));
  }
  EmitLlamaHead(resolved, out, "model.mtp_norms.0");
}

const Format kMtpLlamaFormat = {"mtp_llama",
                                "MTPLlamaForCausalLM",
                                &EmitMtpLlama,
                                {"mtp_llama"},
                                &kMtpLlamaConfig};
WEIGHTWALK_REGISTER_FORMAT(kMtpLlamaFormat);

}  // namespace weightwalk
