// Every stage of `weightwalk check`, over a size sweep of Mixtral-format
// models (blocks x experts): from the size of the mixtral fixture (2 x 4)
// through DeepSeek-V3's shape (61 x 256, 47,278 checkpoint names) to
// 1,000 x 256 (775,003 names). Items are checkpoint names (parameters for
// the parameter manifest, findings for the report).
//
//   ./bazelw run -c opt //tools/bench:pipeline_benchmark
//
// Stages: the parameter manifest, the converter manifest, the rule pass
// (a clean checkpoint of every name, as after an index read; also split
// into building the rules' index, BM_CoverageContext, and each rule on its
// own, BM_EachRule), rendering a
// report (every checkpoint name missing: one finding per name), the two
// readers (the weight-map index, and one safetensors header holding every
// tensor), and ReadCheckpoint on a header-only checkpoint as
// `make-checkpoint` writes it (an index and a header a 4 MB shard: 12,723
// shards at 1,000 x 256), written to a temporary folder first; and a
// million findings, bounded by --max_findings and not (BM_MillionFindings).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_writer.h"
#include "benchmark/benchmark.h"
#include "checkpoint/checkpoint.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "checkpoint/index.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/writer.h"
#include "converters/converter_manifest.pb.h"
#include "converters/format.h"
#include "converters/manifest.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/render.h"
#include "coverage/report.h"
#include "coverage/rule.h"
#include "google/protobuf/text_format.h"
#include "model/parameter_manifest.pb.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// A resolved Mixtral-format model; the sizes are those of
// tools/bench/fixtures/mixtral_*x256.textproto.
ModelConfig Mixtral(int64_t blocks, int64_t experts) {
  ModelConfig config;
  const std::string text = absl::StrCat(
      R"pb(
        hidden_size: 256
        embeddings { vocab_size: 1024 }
        decoder { num_blocks:)pb",
      blocks, R"pb(
        block { mixer {
          attention {
            heads: 4
            head_groups: 2
            head_size: 64
            rotary { type: DEFAULT theta: 10000 }
            add_linear_biases: false
          }
        }
                mlp { type: MOE intermediate_size: 128 experts:)pb",
      experts, R"pb(
          experts_per_token: 2
          gated: true
          activation: SILU
          add_linear_biases: false
        }
                  normalization { type: RMS_NORM }
      }
    }
    head { normalization { type: RMS_NORM } })pb");
  if (!google::protobuf::TextFormat::ParseFromString(text, &config)) {
    std::abort();
  }
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(config);
  if (!resolved.ok()) std::abort();
  return *std::move(resolved);
}

// One size of the sweep, built once and shared by the stages.
struct Model {
  ModelConfig resolved;
  ParameterManifest parameters;
  ConverterManifest converters;
  // Every name the converters export, in name order as an index lists
  // them (so the rules meet them in another order than the converters').
  CheckpointManifest checkpoint;
};

const Model& ModelOf(int64_t blocks, int64_t experts) {
  static auto* const cache = new std::map<std::pair<int64_t, int64_t>, Model>;
  auto [it, inserted] = cache->try_emplace({blocks, experts});
  Model& model = it->second;
  if (inserted) {
    model.resolved = Mixtral(blocks, experts);
    model.parameters = *BuildParameterManifest(model.resolved, "bench");
    model.converters = *BuildConverterManifest(
        **FindFormat("mixtral"), model.resolved, model.parameters, "bench");
    std::vector<const Tensor*> outputs;
    for (const WeightConverter& converter : model.converters.converters()) {
      for (const Tensor& output : converter.checkpoint()) {
        outputs.push_back(&output);
      }
    }
    std::sort(
        outputs.begin(), outputs.end(),
        [](const Tensor* a, const Tensor* b) { return a->name() < b->name(); });
    for (const Tensor* output : outputs) {
      CheckpointTensor& tensor = *model.checkpoint.add_tensors();
      tensor.set_name(output->name());
      *tensor.mutable_shape() = output->shape();
      tensor.set_shape_known(true);
      tensor.set_dtype(DTYPE_BF16);
      tensor.set_shard("model.safetensors");
    }
  }
  return model;
}

void SetItems(benchmark::State& state, int64_t items) {
  state.SetItemsProcessed(state.iterations() * items);
  state.counters["names"] = static_cast<double>(items);
}

void BM_ParameterManifest(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(BuildParameterManifest(model.resolved, "bench"));
  }
  SetItems(state, model.parameters.parameters_size());
}

// Frees what a stage returned with the clock stopped: weightwalk check keeps
// its manifests until it exits, so freeing is no part of what it pays (and
// costs a third as much as building them).
template <typename T>
void FreeUntimed(benchmark::State& state, std::optional<T>& value) {
  state.PauseTiming();
  value.reset();
  state.ResumeTiming();
}

void BM_ConverterManifest(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  const Format& format = **FindFormat("mixtral");
  for (auto _ : state) {
    std::optional<absl::StatusOr<ConverterManifest>> manifest =
        BuildConverterManifest(format, model.resolved, model.parameters,
                               "bench");
    benchmark::DoNotOptimize(manifest);
    FreeUntimed(state, manifest);
  }
  SetItems(state, model.checkpoint.tensors_size());
}

void BM_RulePass(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  for (auto _ : state) {
    const CoverageReport report = RunRules(
        CoverageContext(model.parameters, model.converters, &model.checkpoint));
    if (report.findings_size() != 0) state.SkipWithError("not clean");
    benchmark::DoNotOptimize(report);
  }
  SetItems(state, model.checkpoint.tensors_size());
}

// One rule at a time on DeepSeek-V3's shape (61 x 256), the context built
// once: which rule the pass spends its time in.
void BM_EachRule(benchmark::State& state) {
  const Model& model = ModelOf(61, 256);
  const CoverageContext context(model.parameters, model.converters,
                                &model.checkpoint);
  const Rule& rule = *AllRules()[static_cast<size_t>(state.range(0))];
  state.SetLabel(std::string(rule.id));
  for (auto _ : state) {
    std::vector<Finding> findings;
    FindingSink sink(rule.id, rule.severity, &findings);
    RunRule(rule, context, sink);
    benchmark::DoNotOptimize(findings);
  }
  SetItems(state, model.checkpoint.tensors_size());
}

void BM_CoverageContext(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  for (auto _ : state) {
    const CoverageContext context(model.parameters, model.converters,
                                  &model.checkpoint);
    benchmark::DoNotOptimize(context);
  }
  SetItems(state, model.checkpoint.tensors_size());
}

void BM_RenderText(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  const CheckpointManifest empty;
  const CoverageReport report =
      RunRules(CoverageContext(model.parameters, model.converters, &empty));
  for (auto _ : state) {
    benchmark::DoNotOptimize(RenderReport(report, OutputFormat::kText));
  }
  SetItems(state, report.findings_size());
}

// A weight index of the model's names, sorted as transformers writes them
// (`sorted`: read by the scanner tier) or in emission order (by simdjson).
void ParseIndex(benchmark::State& state, bool sorted) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  JsonObject index;
  JsonObject metadata;
  metadata.Set("total_size", int64_t{1});
  index.Set("metadata", metadata);
  std::vector<std::string> names;
  for (const WeightConverter& converter : model.converters.converters()) {
    for (const Tensor& output : converter.checkpoint()) {
      names.push_back(output.name());
    }
  }
  if (sorted) std::sort(names.begin(), names.end());
  JsonObject map;
  for (const std::string& name : names) {
    map.Set(name, "model-00001-of-00002.safetensors");
  }
  index.Set("weight_map", map);
  const std::string text = index.ToString();
  for (auto _ : state) {
    std::optional<absl::StatusOr<WeightIndex>> tensors =
        ParseWeightIndex(text, "index.json");
    benchmark::DoNotOptimize(tensors);
    FreeUntimed(state, tensors);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
  SetItems(state, model.checkpoint.tensors_size());
}

void BM_ParseIndex(benchmark::State& state) { ParseIndex(state, true); }
void BM_ParseIndexUnsorted(benchmark::State& state) {
  ParseIndex(state, false);
}

// One header holding every tensor, in name order as the safetensors library
// writes a checkpoint of one dtype.
void BM_ParseSafetensorsHeader(benchmark::State& state) {
  const Model& model = ModelOf(state.range(0), state.range(1));
  std::vector<const CheckpointTensor*> sorted;
  for (const CheckpointTensor& tensor : model.checkpoint.tensors()) {
    sorted.push_back(&tensor);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const CheckpointTensor* a, const CheckpointTensor* b) {
              return a->name() < b->name();
            });
  JsonObject header;
  int64_t offset = 0;
  for (const CheckpointTensor* each : sorted) {
    const CheckpointTensor& tensor = *each;
    int64_t bytes = 2;
    for (const int64_t size : tensor.shape()) bytes *= size;
    JsonObject entry;
    entry.Set("dtype", "BF16");
    entry.SetIntegers("shape", {tensor.shape().begin(), tensor.shape().end()});
    entry.SetIntegers("data_offsets", {offset, offset + bytes});
    header.Set(tensor.name(), entry);
    offset += bytes;
  }
  const std::string text = header.ToString(0);
  for (auto _ : state) {
    std::optional<absl::StatusOr<std::vector<CheckpointTensor>>> tensors =
        ParseSafetensorsHeader(text, static_cast<uint64_t>(offset),
                               "model.safetensors");
    benchmark::DoNotOptimize(tensors);
    FreeUntimed(state, tensors);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(text.size()));
  SetItems(state, model.checkpoint.tensors_size());
}

// The model's checkpoint as `make-checkpoint` writes it (header-only
// shards of 4 MB, in the converters' order, and an index), in a folder
// removed at exit.
const std::string& WrittenCheckpoint(int64_t blocks, int64_t experts) {
  struct Folders {
    std::map<std::pair<int64_t, int64_t>, std::string> paths;
    ~Folders() {
      std::error_code ignored;
      for (const auto& [size, path] : paths) {
        std::filesystem::remove_all(path, ignored);
      }
    }
  };
  static Folders folders;
  auto [it, inserted] = folders.paths.try_emplace({blocks, experts});
  if (inserted) {
    const Model& model = ModelOf(blocks, experts);
    CheckpointToWrite checkpoint;
    for (const WeightConverter& converter : model.converters.converters()) {
      for (const Tensor& output : converter.checkpoint()) {
        CheckpointTensor& tensor = checkpoint.tensors.emplace_back();
        tensor.set_name(output.name());
        *tensor.mutable_shape() = output.shape();
      }
    }
    checkpoint.config_json = "{}\n";
    it->second =
        (std::filesystem::temp_directory_path() /
         absl::StrCat("weightwalk_bench_", getpid(), "_", blocks, "x", experts))
            .string();
    if (!WriteCheckpoint(it->second, checkpoint).ok()) std::abort();
  }
  return it->second;
}

// The whole read of a header-only checkpoint: the index, every shard's
// header (on two threads from 64 shards) and the merge; wall time.
void BM_ReadCheckpointShards(benchmark::State& state) {
  const std::string& directory =
      WrittenCheckpoint(state.range(0), state.range(1));
  int64_t tensors = 0;
  for (auto _ : state) {
    std::optional<absl::StatusOr<CheckpointManifest>> manifest =
        ReadCheckpoint(directory);
    if (!manifest->ok() || !(*manifest)->index_shard_mismatches().empty()) {
      state.SkipWithError("not a clean read");
      break;
    }
    tensors = (*manifest)->tensors_size();
    state.counters["shards"] = (*manifest)->shards_read_size();
    FreeUntimed(state, manifest);
  }
  SetItems(state, tensors);
}

// A million findings: a checkpoint of 1,000,000 tensors no converter
// consumes (unconsumed-checkpoint-tensor), the rules run and the text
// report rendered, listing at most range(0) findings a rule (0: all).
// peak_rss_MB is the process's peak: meaningful when this benchmark runs
// alone (--benchmark_filter=BM_MillionFindings/1000).
void BM_MillionFindings(benchmark::State& state) {
  constexpr int kFindings = 1000000;
  static const auto* const manifests = [] {
    auto* manifests = new std::tuple<ParameterManifest, ConverterManifest,
                                     CheckpointManifest>;
    auto& [parameters, converters, checkpoint] = *manifests;
    parameters.set_fixture("bench");
    converters.set_format("mixtral");
    for (int i = 0; i < kFindings; ++i) {
      CheckpointTensor& tensor = *checkpoint.add_tensors();
      tensor.set_name(absl::StrCat("model.layers.", i / 1000, ".extra.",
                                   i % 1000, ".weight"));
      tensor.add_shape(16);
      tensor.set_shape_known(true);
      tensor.set_shard("model.safetensors");
    }
    return manifests;
  }();
  const auto& [parameters, converters, checkpoint] = *manifests;
  const CoverageContext context(parameters, converters, &checkpoint);
  const size_t max_findings = static_cast<size_t>(state.range(0));
  size_t bytes = 0;
  for (auto _ : state) {
    const CoverageReport report = RunRules(context, nullptr, max_findings);
    if (report.counts_size() != 1 || report.counts(0).findings() != kFindings) {
      state.SkipWithError("not a million findings");
      break;
    }
    const std::string text = RenderReport(report, OutputFormat::kText);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024;
  SetItems(state, kFindings);
}

// blocks x experts: the mixtral fixture's size, then up to 1,000 x 256.
void Sweep(benchmark::internal::Benchmark* benchmark) {
  for (const auto& [blocks, experts] : std::vector<std::pair<int64_t, int64_t>>{
           {2, 4}, {8, 64}, {61, 256}, {250, 256}, {1000, 256}}) {
    benchmark->Args({blocks, experts});
  }
  benchmark->ArgNames({"blocks", "experts"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_ParameterManifest)->Apply(Sweep);
BENCHMARK(BM_ConverterManifest)->Apply(Sweep);
// Wall time: the rules' index looks a large checkpoint up on two threads.
BENCHMARK(BM_RulePass)->Apply(Sweep)->UseRealTime();
BENCHMARK(BM_CoverageContext)->Apply(Sweep)->UseRealTime();
BENCHMARK(BM_EachRule)
    ->DenseRange(0, static_cast<int>(AllRules().size()) - 1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderText)->Apply(Sweep);
BENCHMARK(BM_ParseIndex)->Apply(Sweep);
BENCHMARK(BM_ParseIndexUnsorted)->Apply(Sweep);
BENCHMARK(BM_ParseSafetensorsHeader)->Apply(Sweep);
BENCHMARK(BM_ReadCheckpointShards)->Apply(Sweep)->UseRealTime();
BENCHMARK(BM_MillionFindings)
    ->Arg(kDefaultMaxFindings)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weightwalk

BENCHMARK_MAIN();
