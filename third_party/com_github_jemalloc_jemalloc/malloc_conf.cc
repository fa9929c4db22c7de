// jemalloc's build-time options (see jemalloc(3), "TUNING"): read once, at
// the first allocation, before main().
//
// thp:always           back heap extents with transparent huge pages
//                      (MADV_HUGEPAGE), so fresh memory costs one fault per
//                      2 MiB instead of one per 4 KiB;
// metadata_thp:always  the same for jemalloc's own bookkeeping;
// narenas:1            one arena for both of check's threads, so that
//                      fresh memory comes in huge pages for both; two
//                      threads rarely meet on its lock (each has a cache);
// slab_sizes:1-4096:16 slabs of 16 times the default pages for every small
//                      size class: a check allocates a few small objects
//                      per name (a message, a string and its characters),
//                      and larger slabs need fewer extent allocations.
//
// What each option saves is measured in BENCHMARKS.md.
//
// The environment (MALLOC_CONF) still overrides these.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf =
    "thp:always,metadata_thp:always,narenas:1,slab_sizes:1-4096:16";
}
