// Prefetch: starts loading the cache line holding an address.
#ifndef WEIGHTWALK_BASE_PREFETCH_H_
#define WEIGHTWALK_BASE_PREFETCH_H_

namespace weightwalk {

// A hint: never faults, whatever `address` is. On x86-64 an asm statement,
// since GCC 12's dead-code elimination drops __builtin_prefetch calls
// behind some branches (it dropped every one in the shape rule's loop).
inline void Prefetch(const void* address) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 (%0)" : : "r"(address));
#else
  __builtin_prefetch(address);
#endif
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_PREFETCH_H_
