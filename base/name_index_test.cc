#include "base/name_index.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// The owner of the names: ids index `names`.
struct Names {
  std::vector<std::string> names;
  absl::string_view operator()(uint32_t id) const { return names[id]; }
  // FindOrAdd of `name` with `hash`, counting the adds.
  uint32_t Add(NameIndex& index, const std::string& name, uint64_t hash,
               int* adds = nullptr) {
    return index.FindOrAdd(name, hash, *this, [&] {
      if (adds != nullptr) ++*adds;
      names.push_back(name);
      return static_cast<uint32_t>(names.size() - 1);
    });
  }
  uint32_t Add(NameIndex& index, const std::string& name, int* adds = nullptr) {
    return Add(index, name, NameIndex::Hash(name), adds);
  }
};

// Every byte of a name counts, at every length (the short-name branches
// and the 16-byte rounds read different bytes).
TEST(NameIndexTest, HashDependsOnEveryByte) {
  for (size_t length = 0; length <= 70; ++length) {
    const std::string name(length, 'a');
    absl::flat_hash_set<uint64_t> hashes = {NameIndex::Hash(name)};
    for (size_t i = 0; i < length; ++i) {
      std::string changed = name;
      changed[i] = 'b';
      EXPECT_TRUE(hashes.insert(NameIndex::Hash(changed)).second)
          << "byte " << i << " of " << length;
    }
    // A prefix is another name.
    EXPECT_TRUE(hashes.insert(NameIndex::Hash(name + '\0')).second) << length;
  }
}

// A million names shaped like a large MoE checkpoint's: no two hashes are
// equal, and neither end of the hash (slot bits, tag bits) clusters.
TEST(NameIndexTest, HashSpreadsCheckpointNames) {
  absl::flat_hash_set<uint64_t> hashes;
  constexpr int kSlotBits = 20;
  std::vector<int> slots(1 << kSlotBits);
  std::vector<int> tags(1 << kSlotBits);
  int names = 0;
  for (int layer = 0; layer < 1400; ++layer) {
    for (int expert = 0; expert < 256; ++expert) {
      for (int w = 1; w <= 3; ++w) {
        const uint64_t hash = NameIndex::Hash(
            absl::StrCat("model.layers.", layer, ".block_sparse_moe.experts.",
                         expert, ".w", w, ".weight"));
        ASSERT_TRUE(hashes.insert(hash).second);
        ++slots[hash & ((1 << kSlotBits) - 1)];
        ++tags[hash >> (64 - kSlotBits)];
        ++names;
      }
    }
  }
  // About 1.03 names a bucket: a fair hash puts at most a dozen in one.
  int most_slot = 0;
  int most_tag = 0;
  for (size_t i = 0; i < slots.size(); ++i) {
    most_slot = std::max(most_slot, slots[i]);
    most_tag = std::max(most_tag, tags[i]);
  }
  EXPECT_GT(names, 1000000);
  EXPECT_LE(most_slot, 12);
  EXPECT_LE(most_tag, 12);
}

TEST(NameIndexTest, AnEmptyIndexFindsNothing) {
  const NameIndex index;
  const Names names;
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.Find("a", NameIndex::Hash("a"), names), NameIndex::kNone);
  EXPECT_EQ(index.Candidate(NameIndex::Hash("a")), NameIndex::kNone);
  index.PrefetchSlots(NameIndex::Hash("a"));
}

// Grown one name at a time from empty (rehashing at every doubling): each
// name keeps its id, and names never added are not found.
TEST(NameIndexTest, FindsEveryNameAcrossGrowth) {
  NameIndex index;
  Names names;
  int adds = 0;
  for (uint32_t i = 0; i < 100000; ++i) {
    ASSERT_EQ(names.Add(index, absl::StrCat("layers.", i, ".w"), &adds), i);
  }
  EXPECT_EQ(adds, 100000);
  EXPECT_EQ(index.size(), 100000u);
  for (uint32_t i = 0; i < 100000; ++i) {
    const std::string name = absl::StrCat("layers.", i, ".w");
    ASSERT_EQ(index.Find(name, NameIndex::Hash(name), names), i);
    ASSERT_EQ(names.Add(index, name, &adds), i);
    const std::string absent = absl::StrCat("layers.", i, ".b");
    ASSERT_EQ(index.Find(absent, NameIndex::Hash(absent), names),
              NameIndex::kNone);
  }
  EXPECT_EQ(adds, 100000);  // adding a name again adds nothing
}

// Names whose hashes are equal (same tag, same first slot) are told apart
// by their characters; Candidate only reports the first of them. (The
// hashes are made up, so the index is reserved not to rehash.)
TEST(NameIndexTest, NamesWithOneHashAreComparedByName) {
  NameIndex index;
  Names names;
  index.Reserve(40, names);
  constexpr uint64_t kHash = 0x1234567800000005;
  for (uint32_t i = 0; i < 40; ++i) {
    ASSERT_EQ(names.Add(index, absl::StrCat("n", i), kHash), i);
  }
  for (uint32_t i = 0; i < 40; ++i) {
    EXPECT_EQ(index.Find(absl::StrCat("n", i), kHash, names), i);
  }
  EXPECT_EQ(index.Find("n40", kHash, names), NameIndex::kNone);
  EXPECT_EQ(index.Candidate(kHash), 0u);
  // Same slot, other tag: not a candidate, not found.
  EXPECT_EQ(index.Candidate(0x8765432100000005), NameIndex::kNone);
  EXPECT_EQ(index.Find("n3", 0x8765432100000005, names), NameIndex::kNone);
}

// Probing runs off the last slot onto the first.
TEST(NameIndexTest, ProbingWrapsAround) {
  NameIndex index;
  Names names;
  index.Reserve(10, names);  // 16 slots
  const uint64_t last = 0xabcd00000000000f;
  for (uint32_t i = 0; i < 12; ++i) {
    ASSERT_EQ(names.Add(index, absl::StrCat("w", i), last + (i << 20)), i);
  }
  for (uint32_t i = 0; i < 12; ++i) {
    EXPECT_EQ(index.Find(absl::StrCat("w", i), last + (i << 20), names), i);
  }
}

// Reserve keeps what the index holds, and Reserve below its size does not
// shrink it.
TEST(NameIndexTest, ReserveKeepsTheNames) {
  NameIndex index;
  Names names;
  for (uint32_t i = 0; i < 100; ++i) names.Add(index, absl::StrCat("a.", i));
  index.Reserve(5000, names);
  index.Reserve(1, names);
  for (uint32_t i = 0; i < 100; ++i) {
    const std::string name = absl::StrCat("a.", i);
    ASSERT_EQ(index.Find(name, NameIndex::Hash(name), names), i);
    ASSERT_EQ(index.Candidate(NameIndex::Hash(name)), i);
  }
  EXPECT_EQ(index.size(), 100u);
}

}  // namespace
}  // namespace weightwalk
