// Converters for the state-space mixers of the Apriel formats (Mamba, gated
// delta net, Kimi delta attention), shared by `apriel_hybrid_ssm` and
// `apriel2_text`. Every name is a rename of the same name (Mamba's
// `convolution` becomes `conv1d`); the formats differ only in which bias
// flags they read and in the order of two leaves, which the arguments say.
#ifndef WEIGHTWALK_CONVERTERS_SSM_SSM_H_
#define WEIGHTWALK_CONVERTERS_SSM_SSM_H_

#include "converters/emitter.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// in_proj, dt_in_proj (biases from add_linear_biases), dt_proj and conv1d
// (biases as given), A_log, D, out_proj.
struct MambaBiases {
  bool dt_proj;
  bool convolution;
};
void EmitMamba(const MambaConfig& mamba, const MambaBiases& biases,
               const ConverterEmitter& out);

// in_proj_qkvz, in_proj_ba, convolution, out_proj (no projection biases),
// then A_log and dt_bias (in that order unless `dt_bias_first`), then
// norm.weight.
void EmitGatedDeltaNet(bool convolution_bias, bool dt_bias_first,
                       const ConverterEmitter& out);

// The twelve projections and convolutions (no biases), A_log, dt_bias,
// norm.weight.
void EmitKimiDeltaAttention(const ConverterEmitter& out);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_SSM_SSM_H_
