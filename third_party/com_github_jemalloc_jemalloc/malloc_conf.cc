// jemalloc's build-time options (see jemalloc(3), "TUNING"): read once, at
// the first allocation, before main().
//
// thp:always           back heap extents with transparent huge pages
//                      (MADV_HUGEPAGE), so fresh memory costs one fault per
//                      2 MiB instead of one per 4 KiB;
// metadata_thp:always  the same for jemalloc's own bookkeeping;
// narenas:1            one arena for both of check's threads: a second
//                      arena's fresh memory came in 4 KiB faults (a 47k
//                      check: 2,650 faults, 1,860 with one arena), and two
//                      threads rarely meet on its lock (each has a cache);
// slab_sizes:1-4096:16 slabs of 16 times the default pages for every small
//                      size class: a check allocates a few small objects
//                      per name (a message, a string and its characters),
//                      and each new 4 KiB slab of 64-byte objects cost an
//                      extent allocation 64 names apart (47k check: 5% of
//                      its instructions; 775k index, one hyperfine run:
//                      175.8 -> 148.1 ms median, the same peak RSS).
//
// The environment (MALLOC_CONF) still overrides these.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf =
    "thp:always,metadata_thp:always,narenas:1,slab_sizes:1-4096:16";
}
