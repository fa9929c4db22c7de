#include "coverage/index_shard_mismatch.h"

#include "absl/strings/str_cat.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  for (const IndexShardMismatch& mismatch :
       context.checkpoint()->index_shard_mismatches()) {
    sink.Report(
        {mismatch.tensor()},
        [&] {
          std::string problem;
          if (mismatch.header_shard().empty()) {
            problem = absl::StrCat("the index puts ", mismatch.tensor(), " in ",
                                   mismatch.index_shard(),
                                   ", but no shard header holds it");
          } else if (mismatch.index_shard().empty()) {
            problem = absl::StrCat(mismatch.header_shard(), " holds ",
                                   mismatch.tensor(),
                                   ", which the index does not list");
          } else {
            problem = absl::StrCat("the index puts ", mismatch.tensor(), " in ",
                                   mismatch.index_shard(), ", but it is in ",
                                   mismatch.header_shard());
          }
          return absl::StrCat(problem,
                              ": loaders that trust the index and loaders that "
                              "read the shards disagree. Regenerate the index "
                              "from the shards.");
        },
        [] { return std::vector<std::string>(); },
        // The shard that holds it, or the one the index names.
        [&] {
          return CheckpointPath(*context.checkpoint(),
                                mismatch.header_shard().empty()
                                    ? mismatch.index_shard()
                                    : mismatch.header_shard());
        });
  }
}

}  // namespace

const Rule kIndexShardMismatch = {
    /*id=*/"index-shard-mismatch",
    /*severity=*/ERROR,
    /*summary=*/
    "the weight index and the shard headers disagree",
    /*why=*/
    "Loaders that trust the index and loaders that read the shards see "
    "different tensors, so the same checkpoint loads differently, or a "
    "tensor is silently skipped.",
    /*fix=*/
    "Regenerate the index from the shards (or restore the missing "
    "shard).",
    /*check=*/&Check};

}  // namespace weightwalk
