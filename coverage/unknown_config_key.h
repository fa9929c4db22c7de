// unknown-config-key: a config.json key that no converter of the format
// claims and that is not a generic PretrainedConfig key (the allowlist of
// hf-config-coverage.md §3). Fast-LLM's import rejects such a config ("HF
// config has unknown key"). Checked only by `weightwalk check`.
#ifndef WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_
#define WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnknownConfigKey;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_
