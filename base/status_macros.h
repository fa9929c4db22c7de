// Status propagation helpers, under the names upstream Abseil-based code uses.
//
// Debian's Abseil (20220623) ships neither RETURN_IF_ERROR nor
// ASSIGN_OR_RETURN, so they are defined here, once.
//
//   absl::StatusOr<Manifest> Build(...) {
//     RETURN_IF_ERROR(Validate(config));
//     ASSIGN_OR_RETURN(ModelConfig resolved, Resolve(config));
//     ...
//   }
#ifndef WEIGHTWALK_BASE_STATUS_MACROS_H_
#define WEIGHTWALK_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"    // IWYU pragma: keep (the macros use it)
#include "absl/status/statusor.h"  // IWYU pragma: keep (the macros use it)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing
// function when it is not OK.
#define RETURN_IF_ERROR(expr)                                \
  do {                                                       \
    ::absl::Status weightwalk_status_macro_status_ = (expr); \
    if (!weightwalk_status_macro_status_.ok()) {             \
      return weightwalk_status_macro_status_;                \
    }                                                        \
  } while (false)

#define WEIGHTWALK_STATUS_MACRO_CONCAT_INNER_(a, b) a##b
#define WEIGHTWALK_STATUS_MACRO_CONCAT_(a, b) \
  WEIGHTWALK_STATUS_MACRO_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::StatusOr<T>); returns its status from the
// enclosing function when it is not OK, otherwise moves its value into `lhs`,
// which may be a declaration (`ASSIGN_OR_RETURN(int x, F())`).
#define ASSIGN_OR_RETURN(lhs, expr)                                          \
  WEIGHTWALK_ASSIGN_OR_RETURN_IMPL_(                                         \
      WEIGHTWALK_STATUS_MACRO_CONCAT_(weightwalk_status_or_, __LINE__), lhs, \
      expr)

#define WEIGHTWALK_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  if (!statusor.ok()) {                                        \
    return std::move(statusor).status();                       \
  }                                                            \
  lhs = *std::move(statusor)

#endif  // WEIGHTWALK_BASE_STATUS_MACROS_H_
