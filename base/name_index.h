// NameIndex: finds names among a few million, by the dense ids (0, 1, 2,
// ...) their owner gives them, and lets a caller hide the memory latency of
// a lookup by prefetching ahead.
//
// The names stay with the owner (the index holds no copy): every call
// that compares names takes `name_of`, a callable mapping an id to its
// name. A slot is 8 bytes: the top 32 bits of the name's hash as a tag,
// and the id. Open addressing with linear probing, so a probe reads one
// or two cache lines, and a name whose tag differs is never looked at.
//
// A lookup of a name not in a cache chases three lines: its slot, the
// owner's record of the candidate id, and the candidate's characters.
// PrefetchSlots(hash) and Candidate(hash) let a loop over many names
// start those loads several names ahead (see CoverageContext).
#ifndef WEIGHTWALK_BASE_NAME_INDEX_H_
#define WEIGHTWALK_BASE_NAME_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/string_view.h"
#include "base/prefetch.h"

namespace weightwalk {

class NameIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // A 64-bit hash of `name`, inlined: multiply-and-fold rounds over 16
  // bytes at a time, in the manner of wyhash. Both ends of it are used (the
  // low bits pick the slot, the high 32 are the tag), and the fold mixes
  // every input bit into both. A checkpoint name (about 50 bytes) takes
  // four multiplications.
  static uint64_t Hash(absl::string_view name) {
    const char* p = name.data();
    const size_t n = name.size();
    uint64_t seed = kSeed0;
    uint64_t a = 0;
    uint64_t b = 0;
    if (n > 16) {
      size_t left = n;
      for (; left > 16; left -= 16, p += 16) {
        seed = Fold(Load64(p) ^ kSeed1, Load64(p + 8) ^ seed);
      }
      a = Load64(p + left - 16);
      b = Load64(p + left - 8);
    } else if (n >= 8) {
      a = Load64(p);
      b = Load64(p + n - 8);
    } else if (n >= 4) {
      a = Load32(p);
      b = Load32(p + n - 4);
    } else if (n > 0) {
      a = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
          (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
    return Fold(kSeed1 ^ n, Fold(a ^ kSeed1, b ^ seed));
  }

  size_t size() const { return size_; }

  // Room for `names` names without growing (rehashing the ones it has
  // through `name_of`).
  template <typename NameOf>
  void Reserve(size_t names, const NameOf& name_of) {
    size_t capacity = slots_.empty() ? 16 : slots_.size();
    while (names > MaxLoad(capacity)) capacity *= 2;
    if (capacity != slots_.size()) Rehash(capacity, name_of);
  }

  // The id of `name`, or kNone. `hash` is always Hash(name): growing
  // recomputes it.
  template <typename NameOf>
  uint32_t Find(absl::string_view name, uint64_t hash,
                const NameOf& name_of) const {
    if (slots_.empty()) return kNone;
    const uint64_t slot = slots_[Seek(name, hash, name_of)];
    return slot == 0 ? kNone : Id(slot);
  }

  // The id of `name`; when new, `add()` is called and must return the next
  // id, size(), having made name_of(size()) return `name`.
  template <typename NameOf, typename Add>
  uint32_t FindOrAdd(absl::string_view name, uint64_t hash,
                     const NameOf& name_of, const Add& add) {
    if (size_ + 1 > MaxLoad(slots_.size())) {
      Rehash(slots_.empty() ? 16 : slots_.size() * 2, name_of);
    }
    const size_t i = Seek(name, hash, name_of);
    if (slots_[i] != 0) return Id(slots_[i]);
    const uint32_t id = add();
    slots_[i] = Tag(hash) | (uint64_t{id} + 1);
    ++size_;
    return id;
  }

  // Starts loading the slots a lookup of a name hashing to `hash` reads
  // first.
  void PrefetchSlots(uint64_t hash) const {
    if (!slots_.empty()) Prefetch(&slots_[hash & mask_]);
  }

  // The first id whose tag matches `hash` (most likely the name's own,
  // when present), or kNone: reads the slots only, for a caller to
  // prefetch that id's name before Find compares it.
  uint32_t Candidate(uint64_t hash) const {
    if (slots_.empty()) return kNone;
    const uint64_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const uint64_t slot = slots_[i];
      if (slot == 0) return kNone;
      if ((slot & kTagBits) == tag) return Id(slot);
    }
  }

 private:
  static constexpr uint64_t kTagBits = ~uint64_t{0} << 32;
  // Odd 64-bit constants with bits spread evenly (wyhash's).
  static constexpr uint64_t kSeed0 = 0xa0761d6478bd642f;
  static constexpr uint64_t kSeed1 = 0xe7037ed1a0b428db;

  // The 128-bit product of a and b, its halves xored.
  static uint64_t Fold(uint64_t a, uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(product) ^
           static_cast<uint64_t>(product >> 64);
  }
  static uint64_t Load64(const char* p) {
    uint64_t value;
    std::memcpy(&value, p, sizeof(value));
    return value;
  }
  static uint64_t Load32(const char* p) {
    uint32_t value;
    std::memcpy(&value, p, sizeof(value));
    return value;
  }

  // Up to 7/8 full: linear probing then still reads 1-4 lines a lookup.
  static size_t MaxLoad(size_t capacity) { return capacity - capacity / 8; }
  static uint64_t Tag(uint64_t hash) { return hash & kTagBits; }
  // A slot holds id + 1, so that 0 is empty.
  static uint32_t Id(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

  // The slot holding `name`, or the empty slot that ends its probe (where
  // it would go). There is one: the table is never full.
  template <typename NameOf>
  size_t Seek(absl::string_view name, uint64_t hash,
              const NameOf& name_of) const {
    const uint64_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const uint64_t slot = slots_[i];
      if (slot == 0 ||
          ((slot & kTagBits) == tag && name_of(Id(slot)) == name)) {
        return i;
      }
    }
  }

  template <typename NameOf>
  void Rehash(size_t capacity, const NameOf& name_of) {
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (size_t id = 0; id < size_; ++id) {
      const uint64_t hash = Hash(name_of(static_cast<uint32_t>(id)));
      size_t i = hash & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = Tag(hash) | (uint64_t{id} + 1);
    }
  }

  std::vector<uint64_t> slots_;  // a power of two of them, or none
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_NAME_INDEX_H_
