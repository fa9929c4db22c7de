// Weight-index parsing throughput, to choose the JSON parser (issue 6) by
// measurement: ParseWeightIndex (simdjson's DOM parser with the strict
// checks), weightwalk's strict parser alone (base/json) and protobuf's
// JSON parser into google.protobuf.Struct, on Mixtral-style
// indexes of L layers x 256 experts: 61 layers (47,278 names, DeepSeek-V3's
// size) and 1,000 layers (775,003 names).
//
//   ./bazelw run -c opt //checkpoint:index_benchmark
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "checkpoint/index.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace weightwalk {
namespace {

// The index of a Mixtral-style model: per layer 4 attention tensors, 2
// norms, a router and 3 tensors per expert; plus embeddings, norm, head.
std::string MixtralIndex(int layers, int experts) {
  std::string text =
      "{\n  \"metadata\": {\"total_size\": 1},\n  \"weight_map\": {\n";
  int shard = 1;
  const auto add = [&](const std::string& name) {
    absl::StrAppend(&text, "    \"", name, "\": \"model-", shard,
                    "-of-00999.safetensors\",\n");
  };
  add("model.embed_tokens.weight");
  for (int layer = 0; layer < layers; ++layer) {
    shard = layer + 1;
    const std::string prefix = absl::StrCat("model.layers.", layer, ".");
    for (const char* name :
         {"self_attn.q_proj.weight", "self_attn.k_proj.weight",
          "self_attn.v_proj.weight", "self_attn.o_proj.weight",
          "input_layernorm.weight", "post_attention_layernorm.weight",
          "block_sparse_moe.gate.weight"}) {
      add(prefix + name);
    }
    for (int expert = 0; expert < experts; ++expert) {
      for (const char* w : {"w1", "w2", "w3"}) {
        add(absl::StrCat(prefix, "block_sparse_moe.experts.", expert, ".", w,
                         ".weight"));
      }
    }
  }
  add("model.norm.weight");
  absl::StrAppend(
      &text,
      "    \"lm_head.weight\": \"model-1-of-00999.safetensors\"\n  }\n}\n");
  return text;
}

template <typename Parse>
void RunIndexBenchmark(benchmark::State& state, Parse parse) {
  const std::string text = MixtralIndex(static_cast<int>(state.range(0)), 256);
  size_t names = 0;
  for (auto _ : state) {
    absl::StatusOr<WeightIndex> index = parse(text, "index.json");
    if (!index.ok()) {
      state.SkipWithError("parse failed");
      break;
    }
    names = static_cast<size_t>(index->tensors.size());
    benchmark::DoNotOptimize(index);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names));
  state.counters["names"] = static_cast<double>(names);
}

// What `weightwalk check` runs: simdjson's DOM parser with the strict
// checks, the strict parser only for a file that fails them.
void BM_ParseWeightIndex(benchmark::State& state) {
  RunIndexBenchmark(state, ParseWeightIndex);
}
BENCHMARK(BM_ParseWeightIndex)
    ->Arg(61)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);

// weightwalk's strict parser alone (base/json).
void BM_StrictParser(benchmark::State& state) {
  RunIndexBenchmark(state, ParseWeightIndexStrict);
}
BENCHMARK(BM_StrictParser)->Arg(61)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_ProtobufStruct(benchmark::State& state) {
  const std::string text = MixtralIndex(static_cast<int>(state.range(0)), 256);
  size_t names = 0;
  for (auto _ : state) {
    google::protobuf::Struct index;
    if (!google::protobuf::util::JsonStringToMessage(text, &index).ok()) {
      state.SkipWithError("parse failed");
    }
    names = index.fields().at("weight_map").struct_value().fields().size();
    benchmark::DoNotOptimize(index);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names));
  state.counters["names"] = static_cast<double>(names);
}
BENCHMARK(BM_ProtobufStruct)->Arg(61)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weightwalk

BENCHMARK_MAIN();
