#include "converters/llava/llava.h"

#include "converters/llama/llama.h"
#include "converters/llava/llava_config.h"
#include "converters/mistral/mistral.h"

namespace weightwalk {
namespace {

// Patch embeddings are [Hv, 3·ph·pw] in Fast-LLM, a [Hv, 3, ph, pw]
// convolution in the checkpoint.
constexpr int64_t kInputChannels = 3;

// Fast-LLM's PixtralBlockConverter: Llama's transforms, Pixtral's names.
LlamaBlockConverter PixtralBlockConverter() {
  LlamaBlockConverter block = MistralBlockConverter();
  block.mixer_name = "attention";
  block.mlp_name = "feed_forward";
  block.norm_1_name = "attention_norm";
  block.norm_2_name = "ffn_norm";
  return block;
}

}  // namespace

void EmitLinearAdapter(const MLPConfig& adapter, const ConverterEmitter& out) {
  const bool biases = adapter.add_linear_biases();
  out.Linear("layer_1", {"linear_1"}, RENAME, biases);
  out.Linear("layer_2", {"linear_2"}, TRANSPOSE_SPLIT, biases);
}

void EmitLlavaVision(const ModelConfig& resolved, const ConverterEmitter& out) {
  if (!resolved.has_vision_encoder()) {
    out.Fail("the llava formats need a vision_encoder");
    return;
  }
  const VisionEncoderConfig& vision = resolved.vision_encoder();
  const ConverterEmitter encoder = out.Nested("vision_encoder", "");
  const ConverterEmitter embeddings =
      encoder.Nested("embeddings", "vision_tower");
  embeddings.Emit(PATCH_EMBEDDING_RESHAPE, {"patch_embeddings.weight"},
                  {"patch_conv.weight"},
                  {kInputChannels, vision.embeddings().patch_height(),
                   vision.embeddings().patch_width()});
  EmitLlamaNormalization(embeddings.Nested("normalization", "ln_pre"));
  const LlamaBlockConverter block = PixtralBlockConverter();
  EmitBlockSequence(vision.encoder(), "encoder",
                    "vision_tower.transformer.layers", encoder,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
  EmitLinearAdapter(vision.adapter(),
                    encoder.Nested("adapter", "multi_modal_projector"));
}

void EmitLlavaLanguageModelBody(const ModelConfig& resolved,
                                const ConverterEmitter& out) {
  out.Nested("embeddings", "language_model.model")
      .Rename("word_embeddings_weight", "embed_tokens.weight");
  const LlamaBlockConverter block = MistralBlockConverter();
  EmitBlockSequence(resolved.decoder(), "decoder",
                    "language_model.model.layers", out,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
}

void EmitLlava(const ModelConfig& resolved, const ConverterEmitter& out) {
  EmitLlavaVision(resolved, out);
  EmitLlavaLanguageModelBody(resolved, out);
  const ConverterEmitter head = out.Nested("head", "");
  EmitLlamaNormalization(
      head.Nested("final_norm", "language_model.model.norm"));
  // Llava's head renames the output projection even when tied.
  head.Rename("output_weights", "language_model.lm_head.weight");
}

const Format kLlavaFormat = {"llava",
                             "LlavaForConditionalGeneration",
                             &EmitLlava,
                             {"llava"},
                             &kLlavaConfig};
WEIGHTWALK_REGISTER_FORMAT(kLlavaFormat);

}  // namespace weightwalk
