#include "coverage/unimportable_exported_config.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const ConverterManifest& converters = context.converters();
  if (converters.round_trip_error().empty()) return;
  sink.Report(
      {"config.json"},
      absl::StrCat("the config.json that format \"", converters.format(),
                   "\" exports for this model does not import again: ",
                   converters.round_trip_error(),
                   ". A checkpoint saved in this format cannot be "
                   "loaded: write what is missing in the format's "
                   "config converter, or reject the model on export."));
}

}  // namespace

const Rule kUnimportableExportedConfig = {
    /*id=*/"unimportable-exported-config",
    /*severity=*/ERROR,
    /*summary=*/
    "the config.json a format exports for the model does not import "
    "again",
    /*why=*/
    "A checkpoint saved in the format cannot be loaded: its config.json "
    "lacks a key the model needs, e.g. Apriel2 writes a stochastic "
    "mixer's weighted sampling strategy but not the sampling weights, "
    "without which Fast-LLM cannot build the model.",
    /*fix=*/
    "Make the format's config converter write the missing key, or "
    "reject the model on export.",
    /*check=*/&Check};

}  // namespace weightwalk
