// Files for fuzz targets whose reader takes a path: a private directory,
// created once per process (in /dev/shm when it exists, so a write costs no
// disk I/O), and a way to put the fuzzer's bytes in a file there.
#ifndef WEIGHTWALK_TOOLS_FUZZ_FUZZ_FILES_H_
#define WEIGHTWALK_TOOLS_FUZZ_FUZZ_FILES_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace weightwalk {

// The process's scratch directory (no trailing slash). Aborts when it
// cannot be created: a fuzz run without it would test nothing.
const std::string& FuzzScratchDir();

// Writes `size` bytes at `data` to `<FuzzScratchDir()>/<name>`, replacing
// the file, and returns its path. Aborts on an I/O error.
std::string WriteFuzzFile(const std::string& name, const uint8_t* data,
                          size_t size);

// Aborts with `what` on stderr: a fuzz target's broken invariant.
[[noreturn]] void FuzzInvariantBroken(const std::string& what);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_FUZZ_FUZZ_FILES_H_
