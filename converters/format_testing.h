// Test helpers for format packages: a format's converter manifest for a
// bundled fixture, or for a config written inline, as one line per leaf:
//
//   "decoder.0.mlp.layer_2.weight [1024,256] ->
//   model.layers.0.mlp.down_proj.weight [256,1024] TRANSPOSE_SPLIT"
//
// (the first Fast-LLM input, then every checkpoint output).
#ifndef WEIGHTWALK_CONVERTERS_FORMAT_TESTING_H_
#define WEIGHTWALK_CONVERTERS_FORMAT_TESTING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converters/converter_manifest.pb.h"

namespace weightwalk {

// The converter manifest of fixtures/<fixture>.textproto in `format`.
absl::StatusOr<ConverterManifest> FixtureConverters(const std::string& fixture,
                                                    const std::string& format);

// The converter manifest of a ModelConfig given as text, in `format`.
absl::StatusOr<ConverterManifest> ConfigConverters(const std::string& config,
                                                   const std::string& format);

// One line per leaf, as above.
std::vector<std::string> DescribeConverters(const ConverterManifest& manifest);

// Every checkpoint name, in order.
std::vector<std::string> CheckpointNames(const ConverterManifest& manifest);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_FORMAT_TESTING_H_
