// The unimportable-exported-config rule, documented where it is written
// (unimportable_exported_config.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_
#define WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnimportableExportedConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_
