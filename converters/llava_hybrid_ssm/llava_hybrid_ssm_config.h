// The llava_hybrid_ssm format's config.json: Llava's, with
// apriel_hybrid_ssm's config as its language model.
#ifndef WEIGHTWALK_CONVERTERS_LLAVA_HYBRID_SSM_LLAVA_HYBRID_SSM_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_LLAVA_HYBRID_SSM_LLAVA_HYBRID_SSM_CONFIG_H_

#include "converters/format.h"

namespace weightwalk {

extern const ConfigCodec kLlavaHybridSsmConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_LLAVA_HYBRID_SSM_LLAVA_HYBRID_SSM_CONFIG_H_
