// jemalloc's build-time options (see jemalloc(3), "TUNING"): read once, at
// the first allocation, before main().
//
// thp:always           back heap extents with transparent huge pages
//                      (MADV_HUGEPAGE), so fresh memory costs one fault per
//                      2 MiB instead of one per 4 KiB;
// metadata_thp:always  the same for jemalloc's own bookkeeping.
//
// The environment (MALLOC_CONF) still overrides these.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
