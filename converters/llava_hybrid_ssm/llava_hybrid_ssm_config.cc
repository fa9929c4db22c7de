#include "converters/llava_hybrid_ssm/llava_hybrid_ssm_config.h"

#include "converters/apriel_hybrid_ssm/apriel_hybrid_ssm_config.h"
#include "converters/llava/llava_config.h"

namespace weightwalk {
namespace {

const LlavaLanguageModel kAprielHybridText = {
    "llava_hybrid_ssm", "LlavaHybridForConditionalGeneration",
    &ImportAprielHybrid,
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout layout) {
      return ExportAprielHybrid(written, resolved, layout,
                                /*top_level=*/false);
    }};

}  // namespace

const ConfigCodec kLlavaHybridSsmConfig = {
    [](const JsonValue& config, absl::string_view path) {
      return ImportLlava(ConfigReader(config, path), path, kAprielHybridText);
    },
    [](const ModelConfig& written, const ModelConfig& resolved,
       TransformersLayout layout) {
      return ExportLlava(written, resolved, layout, kAprielHybridText);
    },
    &LlavaClaims};

}  // namespace weightwalk
