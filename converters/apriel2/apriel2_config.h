// The multimodal apriel2 format's config.json (spec §3.11): apriel2_text's
// keys, plus a typed `vision_encoder` (claimed whole) and
// `image_token_index`.
#ifndef WEIGHTWALK_CONVERTERS_APRIEL2_APRIEL2_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_APRIEL2_APRIEL2_CONFIG_H_

#include "converters/format.h"

namespace weightwalk {

extern const ConfigCodec kApriel2Config;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL2_APRIEL2_CONFIG_H_
