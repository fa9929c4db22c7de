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
    "unimportable-exported-config", ERROR,
    "the config.json a format exports for the model does not import again",
    &Check};

}  // namespace weightwalk
