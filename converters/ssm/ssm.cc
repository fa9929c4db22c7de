#include "converters/ssm/ssm.h"

namespace weightwalk {

void EmitMamba(const MambaConfig& mamba, const MambaBiases& biases,
               const ConverterEmitter& out) {
  out.Linear("in_proj", {"in_proj"}, RENAME, mamba.add_linear_biases());
  out.Linear("dt_in_proj", {"dt_in_proj"}, RENAME, mamba.add_linear_biases());
  out.Linear("dt_proj", {"dt_proj"}, RENAME, biases.dt_proj);
  out.Linear("convolution", {"conv1d"}, RENAME, biases.convolution);
  out.Rename("A_log", "A_log");
  out.Rename("D", "D");
  out.Linear("out_proj", {"out_proj"}, RENAME, mamba.add_linear_biases());
}

void EmitGatedDeltaNet(bool convolution_bias, bool dt_bias_first,
                       const ConverterEmitter& out) {
  out.Linear("in_proj_qkvz", {"in_proj_qkvz"}, RENAME, false);
  out.Linear("in_proj_ba", {"in_proj_ba"}, RENAME, false);
  out.Linear("convolution", {"convolution"}, RENAME, convolution_bias);
  out.Linear("out_proj", {"out_proj"}, RENAME, false);
  if (dt_bias_first) out.Rename("dt_bias", "dt_bias");
  out.Rename("A_log", "A_log");
  if (!dt_bias_first) out.Rename("dt_bias", "dt_bias");
  out.Rename("norm.weight", "norm.weight");
}

void EmitKimiDeltaAttention(const ConverterEmitter& out) {
  for (const char* name :
       {"q_proj", "k_proj", "v_proj", "q_conv", "k_conv", "v_conv", "f_a_proj",
        "f_b_proj", "g_a_proj", "g_b_proj", "beta_proj", "o_proj"}) {
    out.Linear(name, {name}, RENAME, false);
  }
  out.Rename("A_log", "A_log");
  out.Rename("dt_bias", "dt_bias");
  out.Rename("norm.weight", "norm.weight");
}

}  // namespace weightwalk
