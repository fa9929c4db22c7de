// The unknown-config-key rule, documented where it is written
// (unknown_config_key.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_
#define WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnknownConfigKey;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNKNOWN_CONFIG_KEY_H_
