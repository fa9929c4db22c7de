// The `dream` format (DreamModel), spec §3.6: Qwen2's weights and config,
// plus custom modeling and generation files.
#include "converters/format.h"
#include "converters/qwen2/qwen2.h"

namespace weightwalk {
namespace {

const Format kDreamFormat = {"dream", "DreamModel", &EmitQwen2};
WEIGHTWALK_REGISTER_FORMAT(kDreamFormat);

}  // namespace
}  // namespace weightwalk
