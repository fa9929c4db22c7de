// weightwalk: proves a model's checkpoint converters lose nothing.
//
// Usage:
//   weightwalk audit [--fixtures_dir=DIR] [--output=...]
//       Checks every bundled fixture (DIR/*.textproto, default "fixtures")
//       with a checkpoint format and prints a table: fixture, format,
//       parameters, converters, findings, verdict (clean, FAIL, BAD INPUT,
//       "no format", or "unsupported" for a Fast-LLM format weightwalk has
//       no converters for yet); see tools/audit.h.
//   weightwalk coverage FIXTURE [--format=NAME] [--suppressions=FILE,...]
//                      [--output=text|markdown|json|textproto|sarif]
//                      [--max_findings=N]
//       Runs every coverage rule on one fixture and prints the findings:
//       at most N per rule (default 1000; 0 lists all), with every rule's
//       exact count.
//   weightwalk check DIR [--index=FILE] [--config=FILE] [--format=NAME]
//                   [--suppressions=FILE,...] [--output=...]
//                   [--max_findings=N]
//       Checks a real Hugging Face checkpoint directory: reads its weight
//       index (model.safetensors.index.json or pytorch_model.bin.index.json)
//       and config.json, imports the config, and runs every rule, including
//       the checkpoint-side ones (unknown-config-key,
//       unconsumed-checkpoint-tensor, missing-checkpoint-tensor).
//   weightwalk make-checkpoint --fixture=NAME|FILE OUT [--format=NAME]
//                              [--dtype=BF16] [--shard_bytes=N]
//                              [--transformers=4|5]
//       Writes a real, header-valid safetensors checkpoint of a fixture:
//       zero-filled tensors named and shaped as its format exports them,
//       sharded, with model.safetensors.index.json and the exported
//       config.json (in transformers v4's layout, or v5's rope_parameters).
//       For testing loaders and `check`.
//   weightwalk diff-params --fixture=NAME|FILE|--manifest=FILE DUMP.json
//       Compares a parameter manifest (a fixture's, or a manifest file such
//       as a golden) with a dump of a real framework's named_parameters()
//       and tied groups (README shows the Python), to prove the model
//       library has not drifted: names only on one side, shapes that
//       differ, tied groups that differ, and the first place the order
//       differs (coverage/drift.h).
//   weightwalk diff-converters --fixture=NAME|FILE [--format=NAME]
//                              |--manifest=FILE DUMP.json
//       The same for the converter manifest against a dump of a
//       framework's leaf weight converters: converters only on one side,
//       checkpoint names, transforms (by the framework's class) and shapes
//       that differ, and the first place the order differs.
//   weightwalk parameters FIXTURE
//       Prints the fixture's parameter manifest.
//   weightwalk converters FIXTURE [--format=NAME]
//       Prints the fixture's converter manifest.
//   weightwalk formats
//       Lists the checkpoint formats.
//
// Exit codes: 0 clean, 1 findings, 2 bad input or usage.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/args.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "base/terminal.h"
#include "base/textproto.h"
#include "checkpoint/checkpoint.h"
#include "checkpoint/writer.h"
#include "converters/format.h"
#include "converters/hf/hf_config.h"
#include "converters/manifest.h"
#include "coverage/context.h"
#include "coverage/drift.h"
#include "coverage/registry.h"
#include "coverage/render.h"
#include "coverage/report.h"
#include "coverage/suppressions.h"
#include "google/protobuf/arena.h"
#include "model/fastllm_config.h"
#include "tools/audit.h"
#include "tools/check_pipeline.h"
#include "tools/converter_pipeline.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

constexpr char kUsage[] =
    "usage: weightwalk audit [--fixtures_dir=DIR] [--output=...]\n"
    "       weightwalk coverage FIXTURE [--format=NAME] "
    "[--suppressions=FILE,...]\n"
    "                           [--output=text|markdown|json|textproto|sarif]\n"
    "                           [--max_findings=N]\n"
    "       weightwalk check DIR [--index=FILE] [--config=FILE] "
    "[--format=NAME]\n"
    "                        [--suppressions=FILE,...] [--output=...]\n"
    "                        [--max_findings=N]\n"
    "       weightwalk make-checkpoint --fixture=NAME|FILE OUT "
    "[--format=NAME] [--dtype=BF16]\n"
    "                                  [--shard_bytes=N] [--transformers=4|5]\n"
    "       weightwalk diff-params --fixture=NAME|FILE|--manifest=FILE "
    "DUMP.json\n"
    "       weightwalk diff-converters --fixture=NAME|FILE [--format=NAME]|"
    "--manifest=FILE DUMP.json\n"
    "       weightwalk parameters FIXTURE\n"
    "       weightwalk converters FIXTURE [--format=NAME]\n"
    "       weightwalk formats\n";

// LoadFixtureModel, with the file's warnings on stderr.
absl::StatusOr<FixtureModel> LoadModel(absl::string_view path) {
  absl::StatusOr<FixtureModel> model = LoadFixtureModel(path);
  if (model.ok()) {
    for (const std::string& warning : model->fixture.warnings) {
      WriteAll(stderr, absl::StrCat("weightwalk: warning: ",
                                    EscapeForTerminal(warning), "\n"));
    }
  }
  return model;
}

absl::StatusOr<std::string> OnePositional(const Args& args,
                                          absl::string_view command) {
  if (args.positional().size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(command, " takes one fixture file\n", kUsage));
  }
  return args.positional().front();
}

absl::StatusOr<int> Coverage(Args& args) {
  const std::string format = args.Take("format").value_or("");
  const std::string suppression_paths = args.Take("suppressions").value_or("");
  ASSIGN_OR_RETURN(const OutputFormat output,
                   ParseOutputFormat(args.Take("output").value_or("text")));
  ASSIGN_OR_RETURN(const uint64_t max_findings,
                   args.TakeCount("max_findings", kDefaultMaxFindings));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const std::string path, OnePositional(args, "coverage"));
  ASSIGN_OR_RETURN(const FixtureModel model, LoadModel(path));
  ASSIGN_OR_RETURN(const ConverterManifest converters,
                   BuildFixtureConverters(model, format));
  ASSIGN_OR_RETURN(const Suppressions suppressions,
                   Suppressions::Load(absl::StrSplit(suppression_paths, ',',
                                                     absl::SkipEmpty()),
                                      AllRules()));
  const CoverageReport report =
      RunRules(CoverageContext(model.parameters, converters), &suppressions,
               max_findings);
  WriteAll(stdout, RenderReport(report, output));
  return HasErrors(report) ? kExitFindings : kExitClean;
}

// Holds `value` until the process exits, never destroying it: it stays
// reachable, so LeakSanitizer does not count it as a leak.
void KeepUntilExit(std::shared_ptr<void> value) {
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::move(value));
}

absl::StatusOr<int> Check(Args& args) {
  const std::string index_flag = args.Take("index").value_or("");
  const std::string config_flag = args.Take("config").value_or("");
  const std::string format = args.Take("format").value_or("");
  const std::string suppression_paths = args.Take("suppressions").value_or("");
  ASSIGN_OR_RETURN(const OutputFormat output,
                   ParseOutputFormat(args.Take("output").value_or("text")));
  ASSIGN_OR_RETURN(const uint64_t max_findings,
                   args.TakeCount("max_findings", kDefaultMaxFindings));
  RETURN_IF_ERROR(args.CheckAllTaken());
  if (args.positional().size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("check takes one checkpoint directory\n", kUsage));
  }
  const std::filesystem::path directory = args.positional().front();
  const std::string config_path =
      config_flag.empty() ? (directory / "config.json").string() : config_flag;
  const std::string name = directory.filename().string().empty()
                               ? directory.parent_path().filename().string()
                               : directory.filename().string();

  // The weights are read on a second thread while the config is imported
  // and the converters are built and indexed: neither needs the other, and
  // each is about half of a large checkpoint's run. The weights' errors
  // still come first: a broken index is reported even without a config.
  absl::StatusOr<CheckpointManifest> read;
  std::thread reader(
      [&] { read = ReadCheckpoint(directory.string(), index_flag); });
  absl::StatusOr<ModelSide> model =
      BuildModelSideFromFile(config_path, format, name);
  std::shared_ptr<CoverageContext> context;
  if (model.ok()) {
    context = std::make_shared<CoverageContext>(model->parameters,
                                                *model->converters);
  }
  reader.join();
  if (!read.ok()) return read.status();
  if (!model.ok()) return model.status();
  CheckpointManifest& checkpoint = *read;
  for (ConfigKey& key : model->unknown_keys) {
    *checkpoint.add_unknown_config_keys() = std::move(key);
  }
  ASSIGN_OR_RETURN(const Suppressions suppressions,
                   Suppressions::Load(absl::StrSplit(suppression_paths, ',',
                                                     absl::SkipEmpty()),
                                      AllRules()));
  context->AttachCheckpoint(checkpoint);
  const CoverageReport report = RunRules(*context, &suppressions, max_findings);
  WriteAll(stdout, RenderReport(report, output));
  // The process ends next. Freeing a large checkpoint's manifests and
  // indexes one string at a time costs a quarter of the run, so they are
  // kept instead (the context first: it points into the manifests).
  KeepUntilExit(std::move(context));
  KeepUntilExit(std::make_shared<CheckpointManifest>(std::move(checkpoint)));
  KeepUntilExit(std::make_shared<ModelSide>(*std::move(model)));
  return HasErrors(report) ? kExitFindings : kExitClean;
}

// A fixture by name (fixtures/<name>.textproto) or by file (a fixture
// textproto or a Fast-LLM config file).
std::string FixturePath(const std::string& fixture) {
  return absl::EndsWith(fixture, ".textproto") || IsFastLlmConfigPath(fixture)
             ? fixture
             : absl::StrCat("fixtures/", fixture, ".textproto");
}

absl::StatusOr<int> MakeCheckpoint(Args& args) {
  ASSIGN_OR_RETURN(const std::string fixture, args.TakeRequired("fixture"));
  const std::string format = args.Take("format").value_or("");
  CheckpointToWrite checkpoint;
  checkpoint.dtype = args.Take("dtype").value_or("BF16");
  if (const std::optional<std::string> bytes = args.Take("shard_bytes")) {
    if (!absl::SimpleAtoi(*bytes, &checkpoint.shard_bytes) ||
        checkpoint.shard_bytes == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--shard_bytes takes a positive number of bytes, got \"",
                       *bytes, "\""));
    }
  }
  TransformersLayout layout = TransformersLayout::kV4;
  if (const std::optional<std::string> version = args.Take("transformers")) {
    if (*version == "5") {
      layout = TransformersLayout::kV5;
    } else if (*version != "4") {
      return absl::InvalidArgumentError(absl::StrCat(
          "--transformers takes 4 or 5 (the config.json layout), got \"",
          *version, "\""));
    }
  }
  RETURN_IF_ERROR(args.CheckAllTaken());
  if (args.positional().size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("make-checkpoint takes one output directory\n", kUsage));
  }
  const std::string path = FixturePath(fixture);
  ASSIGN_OR_RETURN(const FixtureModel model, LoadModel(path));
  ASSIGN_OR_RETURN(const ConverterManifest converters,
                   BuildFixtureConverters(model, format));
  ASSIGN_OR_RETURN(
      checkpoint.config_json,
      ExportHfConfig(model.fixture.model, converters.format(), layout));
  // Fast-LLM stores a tied group once, under its main copy, so a converter
  // of another member never runs and writes nothing (Llava's head when the
  // embeddings are tied).
  absl::flat_hash_set<std::string> tied_duplicates;
  for (const Parameter& parameter : model.parameters.parameters()) {
    if (!parameter.tied_group().empty() &&
        parameter.tied_group() != parameter.name()) {
      tied_duplicates.insert(parameter.name());
    }
  }
  for (const WeightConverter& converter : converters.converters()) {
    if (std::any_of(converter.fast_llm().begin(), converter.fast_llm().end(),
                    [&](const Tensor& input) {
                      return tied_duplicates.contains(input.name());
                    })) {
      continue;
    }
    if (!converter.shape_error().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": cannot write ", DescribeConverter(converter),
                       ": ", converter.shape_error()));
    }
    for (const Tensor& output : converter.checkpoint()) {
      CheckpointTensor& tensor = checkpoint.tensors.emplace_back();
      tensor.set_name(output.name());
      *tensor.mutable_shape() = output.shape();
    }
  }
  RETURN_IF_ERROR(WriteCheckpoint(args.positional().front(), checkpoint));
  WriteAll(stdout, EscapeForTerminal(absl::StrCat(
                       "wrote ", args.positional().front(), ": ",
                       checkpoint.tensors.size(), " tensors of ",
                       model.fixture.name, ", format ", converters.format())) +
                       "\n");
  return kExitClean;
}

// The dump a diff command compares with: its path and parsed JSON.
absl::StatusOr<std::pair<std::string, JsonValue>> ReadDump(
    const Args& args, absl::string_view command) {
  if (args.positional().size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(command, " takes one dump file\n", kUsage));
  }
  const std::string& path = args.positional().front();
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path, kMaxLargeFileBytes));
  ASSIGN_OR_RETURN(JsonValue dump, ParseJson(text, path));
  return std::make_pair(path, std::move(dump));
}

// What a diff command compares: a fixture's manifest (--fixture, built
// now) or a manifest file (--manifest, e.g. a checked-in golden).
template <typename Manifest>
absl::StatusOr<Manifest> ManifestToDiff(
    Args& args, absl::string_view command, absl::string_view proto_message,
    absl::FunctionRef<absl::StatusOr<Manifest>(const FixtureModel&)> build) {
  const std::optional<std::string> fixture = args.Take("fixture");
  const std::optional<std::string> file = args.Take("manifest");
  if (fixture.has_value() == file.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        command, " takes either --fixture=NAME|FILE or --manifest=FILE (",
        proto_message, ")\n", kUsage));
  }
  Manifest manifest;
  if (file.has_value()) {
    RETURN_IF_ERROR(
        ReadTextProto(*file, &manifest, nullptr, kMaxLargeFileBytes));
    return manifest;
  }
  ASSIGN_OR_RETURN(const FixtureModel model, LoadModel(FixturePath(*fixture)));
  return build(model);
}

int PrintDifferences(absl::string_view subject, absl::string_view counts,
                     absl::string_view dump_path,
                     const std::vector<Finding>& differences) {
  const std::string verdict =
      differences.empty()
          ? "identical"
          : absl::StrCat(differences.size(), differences.size() == 1
                                                 ? " difference"
                                                 : " differences");
  WriteAll(stdout, EscapeForTerminal(absl::StrCat(subject, ": ", counts, " in ",
                                                  dump_path, ": ", verdict)) +
                       "\n");
  WriteAll(stdout, RenderDifferences(differences));
  return differences.empty() ? kExitClean : kExitFindings;
}

absl::StatusOr<int> DiffParams(Args& args) {
  ASSIGN_OR_RETURN(
      const ParameterManifest manifest,
      ManifestToDiff<ParameterManifest>(
          args, "diff-params", "a parameter manifest",
          [](const FixtureModel& model) -> absl::StatusOr<ParameterManifest> {
            return model.parameters;
          }));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const auto dump, ReadDump(args, "diff-params"));
  ASSIGN_OR_RETURN(const ParameterDump parameters,
                   ParseParameterDump(dump.second, dump.first));
  return PrintDifferences(
      manifest.fixture(),
      absl::StrCat(manifest.parameters_size(), " parameters here, ",
                   parameters.parameters.size()),
      dump.first, DiffParameters(manifest, parameters));
}

absl::StatusOr<int> DiffConverters(Args& args) {
  const std::string format = args.Take("format").value_or("");
  ASSIGN_OR_RETURN(const ConverterManifest manifest,
                   ManifestToDiff<ConverterManifest>(
                       args, "diff-converters", "a converter manifest",
                       [&format](const FixtureModel& model) {
                         return BuildFixtureConverters(model, format);
                       }));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const auto dump, ReadDump(args, "diff-converters"));
  ASSIGN_OR_RETURN(const ConverterDump converters,
                   ParseConverterDump(dump.second, dump.first));
  return PrintDifferences(
      absl::StrCat(manifest.fixture(), " (format ", manifest.format(), ")"),
      absl::StrCat(manifest.converters_size(), " converters here, ",
                   converters.converters.size()),
      dump.first, DiffConverters(manifest, converters));
}

absl::StatusOr<int> Parameters(Args& args) {
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const std::string path, OnePositional(args, "parameters"));
  ASSIGN_OR_RETURN(const FixtureModel model, LoadModel(path));
  WriteAll(stdout,
           FormatTextProto(model.parameters, "model/parameter_manifest.proto"));
  return kExitClean;
}

absl::StatusOr<int> Converters(Args& args) {
  const std::string format = args.Take("format").value_or("");
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const std::string path, OnePositional(args, "converters"));
  ASSIGN_OR_RETURN(const FixtureModel model, LoadModel(path));
  ASSIGN_OR_RETURN(ConverterManifest converters,
                   BuildFixtureConverters(model, format));
  ClearSources(converters);
  WriteAll(stdout,
           FormatTextProto(converters, "converters/converter_manifest.proto"));
  return kExitClean;
}

absl::StatusOr<int> Formats(Args& args) {
  RETURN_IF_ERROR(args.CheckAllTaken());
  for (const std::string& name : FormatNames()) {
    const Format* format = *FindFormat(name);
    std::printf("%s\t%s\n", name.c_str(),
                std::string(format->architecture).c_str());
  }
  return kExitClean;
}

absl::StatusOr<int> Run(int argc, char** argv) {
  if (argc < 2)
    return absl::InvalidArgumentError(absl::StrCat("no command\n", kUsage));
  const std::string command = argv[1];
  if (command == "help" || command == "--help") {
    std::fputs(kUsage, stdout);
    return kExitClean;
  }
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv, 2));
  if (command == "audit") return Audit(args);
  if (command == "coverage") return Coverage(args);
  if (command == "check") return Check(args);
  if (command == "make-checkpoint") return MakeCheckpoint(args);
  if (command == "diff-params") return DiffParams(args);
  if (command == "diff-converters") return DiffConverters(args);
  if (command == "parameters") return Parameters(args);
  if (command == "converters") return Converters(args);
  if (command == "formats") return Formats(args);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command \"", command, "\"\n", kUsage));
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMain("weightwalk", argc, argv, weightwalk::Run);
}
