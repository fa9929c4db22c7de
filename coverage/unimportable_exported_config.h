// unimportable-exported-config: the config.json a format exports for the
// model does not import again, so a checkpoint it saves cannot be loaded
// (e.g. Apriel2 writes a stochastic mixer's weighted sampling strategy but
// not its weights, issue 17 D4).
#ifndef WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_
#define WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnimportableExportedConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNIMPORTABLE_EXPORTED_CONFIG_H_
