#include "coverage/index_shard_mismatch.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  for (const IndexShardMismatch& mismatch :
       context.checkpoint()->index_shard_mismatches()) {
    sink.Report({mismatch.tensor()}, [&] {
      std::string problem;
      if (mismatch.header_shard().empty()) {
        problem = absl::StrCat("the index puts ", mismatch.tensor(), " in ",
                               mismatch.index_shard(),
                               ", but no shard header holds it");
      } else if (mismatch.index_shard().empty()) {
        problem =
            absl::StrCat(mismatch.header_shard(), " holds ", mismatch.tensor(),
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
    });
  }
}

}  // namespace

const Rule kIndexShardMismatch = {
    "index-shard-mismatch", ERROR,
    "the weight index and the shard headers disagree", &Check};

}  // namespace weightwalk
