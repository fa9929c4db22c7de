#include "converters/dream/dream_config.h"

#include "converters/qwen2/qwen2_config.h"

namespace weightwalk {

// Dream's config.json is Qwen2's (Fast-LLM's diffusion_dream.py handler
// derives from Qwen2's), under its own model_type and architecture.
const LlamaFamily& DreamOptions() {
  static const LlamaFamily* const family =
      new LlamaFamily(Qwen2Options().Renamed("dream", "DreamModel"));
  return *family;
}

const ConfigCodec kDreamConfig = LlamaFamilyCodec<&DreamOptions>();

}  // namespace weightwalk
