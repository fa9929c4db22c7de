#include "coverage/unexported_architecture_field.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  for (const RoundTripLoss& loss : context.converters().round_trip_losses()) {
    sink.Report(
        {loss.parameter()},
        absl::StrCat(loss.parameter(), " ", loss.change(),
                     " when the config is exported to format \"", format,
                     "\" and read back: a field that decides it is not "
                     "written to config.json, so the exported model "
                     "loads with different parameters. Write the field "
                     "in the format's config converter, or reject the "
                     "model on export."));
  }
}

}  // namespace

const Rule kUnexportedArchitectureField = {
    /*id=*/"unexported-architecture-field",
    /*severity=*/ERROR,
    /*summary=*/
    "a field that decides parameters is lost by the format's config "
    "export",
    /*why=*/
    "The exported config.json does not say everything the weights "
    "depend on, so the model loads back with other parameters, e.g. "
    "Llava's adapter size, which export never writes and import takes "
    "from text_config.hidden_size (spec §3.10).",
    /*fix=*/
    "Make the format's config converter write the field, or reject the "
    "model on export.",
    /*check=*/&Check};

}  // namespace weightwalk
