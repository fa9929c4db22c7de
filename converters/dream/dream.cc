// The `dream` format (DreamModel), spec §3.6: Qwen2's weights and config,
// plus custom modeling and generation files.
#include "converters/dream/dream_config.h"
#include "converters/format.h"
#include "converters/qwen2/qwen2.h"

namespace weightwalk {
namespace {

// Fast-LLM writes and checks "dream" (its DreamConfig); Dream-org's own
// checkpoints say "Dream", which that class also reads.
const Format kDreamFormat = {
    "dream", "DreamModel", &EmitQwen2, {"dream", "Dream"}, &kDreamConfig};
WEIGHTWALK_REGISTER_FORMAT(kDreamFormat);

}  // namespace
}  // namespace weightwalk
