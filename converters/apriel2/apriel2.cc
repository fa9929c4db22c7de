// The `apriel2` format (multimodal, Apriel2ForConditionalGeneration), spec
// §3.11: the text part is exactly apriel2_text; the vision encoder, when the
// model has one, lives at absolute prefixes:
//
//   vision_encoder.embeddings.patch_embeddings.weight
//       model.vision_encoder.embeddings.patch_embeddings.weight (reshaped)
//   vision_encoder.embeddings.normalization.weight
//       model.vision_encoder.embeddings.normalization.weight
//   vision_encoder.encoder.{i}.…
//       model.vision_encoder.encoder.blocks.{i}.{mixer.q_proj…, mlp.gate_proj…,
//       input_layernorm, post_attention_layernorm}
//   vision_encoder.adapter.layer_{1,2}.*
//       model.vision_encoder.adapter.linear_{1,2}.*
//
// Order (Fast-LLM's): vision encoder, embeddings, decoder, head.
#include "converters/apriel2/apriel2_config.h"
#include "converters/apriel2_text/apriel2_text.h"
#include "converters/format.h"
#include "converters/llama/llama.h"
#include "converters/llava/llava.h"

namespace weightwalk {
namespace {

constexpr int64_t kInputChannels = 3;

void EmitApriel2Vision(const VisionEncoderConfig& vision,
                       const ConverterEmitter& out) {
  const ConverterEmitter embeddings =
      out.Nested("embeddings", "model.vision_encoder.embeddings");
  embeddings.Emit(PATCH_EMBEDDING_RESHAPE, {"patch_embeddings.weight"},
                  {"patch_embeddings.weight"},
                  {kInputChannels, vision.embeddings().patch_height(),
                   vision.embeddings().patch_width()});
  EmitLlamaNormalization(embeddings.Nested("normalization", "normalization"));
  // Apriel2VisionBlockConverter: Pixtral (Llama) attention, Apriel2's MLP.
  LlamaBlockConverter block;
  block.mixer_name = "mixer";
  block.emit_mlp = &EmitApriel2MLP;
  EmitBlockSequence(vision.encoder(), "encoder",
                    "model.vision_encoder.encoder.blocks", out,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
  EmitLinearAdapter(vision.adapter(),
                    out.Nested("adapter", "model.vision_encoder.adapter"));
}

void EmitApriel2(const ModelConfig& resolved, const ConverterEmitter& out) {
  if (resolved.has_vision_encoder()) {
    EmitApriel2Vision(resolved.vision_encoder(),
                      out.Nested("vision_encoder", ""));
  }
  EmitApriel2Text(resolved, out);
}

const Format kApriel2Format = {"apriel2",
                               "Apriel2ForConditionalGeneration",
                               &EmitApriel2,
                               {"apriel2"},
                               &kApriel2Config};
WEIGHTWALK_REGISTER_FORMAT(kApriel2Format);

}  // namespace
}  // namespace weightwalk
