#include "checkpoint/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace weightwalk {
namespace {

// The open mapping and the message for a bus error on it, for the signal
// handler (which may only read lock-free atomics and call write and _exit).
std::atomic<const char*> mapped_begin{nullptr};
std::atomic<const char*> mapped_end{nullptr};
char message[4096];
std::atomic<size_t> message_length{0};

void OnBusError(int signal, siginfo_t* info, void* /*context*/) {
  const char* address = static_cast<const char*>(info->si_addr);
  if (address >= mapped_begin.load() && address < mapped_end.load()) {
    const ssize_t written = write(STDERR_FILENO, message, message_length);
    static_cast<void>(written);
    _exit(2);
  }
  // Not ours: the default action, as if no handler were installed.
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigaction(signal, &action, nullptr);
  raise(signal);
}

void GuardBusErrors(const std::string& path, const char* begin, size_t size) {
  static const bool installed = [] {
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = OnBusError;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGBUS, &action, nullptr) == 0;
  }();
  static_cast<void>(installed);
  const std::string text =
      "weightwalk: " + path + ": the file shrank while it was being read\n";
  const size_t length = std::min(text.size(), sizeof message);
  std::memcpy(message, text.data(), length);
  message_length = length;
  mapped_end = begin + size;
  mapped_begin = begin;
}

void UnguardBusErrors() {
  mapped_begin = nullptr;
  mapped_end = nullptr;
}

}  // namespace

MappedFile::MappedFile(const std::string& path) {
  // O_NONBLOCK: a FIFO must not block the open (it is then not mapped).
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  struct stat info;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    void* data = mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ,
                      MAP_PRIVATE, fd, 0);
    if (data != MAP_FAILED) {
      data_ = static_cast<char*>(data);
      size_ = static_cast<size_t>(info.st_size);
      released_ = data_;
      GuardBusErrors(path, data_, size_);
    }
  }
  close(fd);
}

MappedFile::~MappedFile() {
  if (data_ == nullptr) return;
  UnguardBusErrors();
  munmap(data_, size_);
}

void MappedFile::ReleaseBefore(const char* upto) {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  char* end = data_ + static_cast<size_t>(upto - data_) / page * page;
  if (end > released_) {
    madvise(released_, static_cast<size_t>(end - released_), MADV_DONTNEED);
    released_ = end;
  }
}

}  // namespace weightwalk
