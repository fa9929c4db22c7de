// The `diffusion_llama` format (DiffusionLlamaModel), spec §3.6: Llama's
// weights and config, plus custom modeling files.
#include "converters/diffusion_llama/diffusion_llama_config.h"
#include "converters/format.h"
#include "converters/llama/llama.h"

namespace weightwalk {
namespace {

const Format kDiffusionLlamaFormat = {"diffusion_llama",
                                      "DiffusionLlamaModel",
                                      &EmitLlama,
                                      {"diffusion_llama"},
                                      &kDiffusionLlamaConfig};
WEIGHTWALK_REGISTER_FORMAT(kDiffusionLlamaFormat);

}  // namespace
}  // namespace weightwalk
