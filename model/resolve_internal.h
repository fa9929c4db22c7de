// Resolving a model config, shared by resolve.cc and resolve_mixer.cc:
// Fast-LLM's defaults, in one place and named, and the helpers that resolve
// a part of the config in place (each reports problems as
// InvalidArgumentError "<path>: <problem>").
#ifndef WEIGHTWALK_MODEL_RESOLVE_INTERNAL_H_
#define WEIGHTWALK_MODEL_RESOLVE_INTERNAL_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "model/model_config.pb.h"

namespace weightwalk {
namespace resolve_internal {

// Fast-LLM's defaults (fast_llm/layers/...). One place, named.
inline constexpr int64_t kDefaultHiddenSize = 1024;
inline constexpr int64_t kDefaultVocabSize = 49152;
inline constexpr int64_t kDefaultNumPositionEmbeddings = 2048;
inline constexpr int64_t kDefaultNumBlocks = 12;
inline constexpr int64_t kDefaultHeads = 8;
inline constexpr int64_t kDefaultHeadGroups = 1;
inline constexpr int64_t kDefaultHeadSize = 128;
inline constexpr double kDefaultSoftmaxScalePower = 0.5;
inline constexpr double kDefaultRotaryTheta = 10000.0;
inline constexpr int64_t kDefaultIntermediateSize = 4096;
inline constexpr double kDefaultEpsilon = 1e-5;
inline constexpr int64_t kDefaultKernelSize = 4;
inline constexpr int64_t kDefaultMambaInner = 2048;
inline constexpr int64_t kDefaultMambaXb = 1024;
inline constexpr int64_t kDefaultMambaStateSize = 16;
inline constexpr int64_t kDefaultMambaDtRank = 64;
inline constexpr int64_t kDefaultGdnValueHeads = 16;
inline constexpr int64_t kDefaultGdnKeyHeads = 8;
inline constexpr int64_t kDefaultGdnHeadDim = 64;
inline constexpr int64_t kDefaultKdaHeads = 16;
inline constexpr int64_t kDefaultKdaHeadDim = 64;
inline constexpr int64_t kDefaultExperts = 2;
inline constexpr int64_t kDefaultVisionHiddenSize = 1024;
inline constexpr int64_t kDefaultPatchSize = 16;

std::string Join(const std::string& path, const std::string& field);

absl::Status Invalid(const std::string& path, const std::string& problem);

absl::Status RequirePositive(const std::string& path, int64_t value);

absl::Status RequireNonNegative(const std::string& path, int64_t value);

// A field that the selected dynamic type does not have.
absl::Status NotAField(const std::string& path, const std::string& kind,
                       const std::string& type_name);

// Fast-LLM's spelling of an enum value: `RMS_NORM` is `rms_norm`.
std::string FastLlmName(const std::string& enum_name);

// `value` must be a multiple of `divisor`; both are reported by name.
absl::Status RequireMultiple(const std::string& path, const char* name,
                             int64_t value, const char* divisor_name,
                             int64_t divisor);

absl::Status ResolveConvolution(const std::string& path,
                                ConvolutionConfig* convolution);

absl::Status ResolveNormalization(const std::string& path,
                                  NormalizationConfig* normalization);

// A normalization whose Fast-LLM field is typed `GatedRMSNormalizationConfig`
// (GDN and KDA): gated_rms_norm, whether or not `type` says so.
absl::Status ResolveGatedNormalization(const std::string& path,
                                       NormalizationConfig* normalization);

// Every mixer type (mixer.type selects which).
absl::Status ResolveMixer(const std::string& path, MixerConfig* mixer);

}  // namespace resolve_internal
}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_RESOLVE_INTERNAL_H_
