#ifndef MASAR_COMMON_STATUS_STATUS_MACROS_H_
#define MASAR_COMMON_STATUS_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 ships neither macro; these follow the shape of the ones in
// later Abseil releases so that switching later is a rename.

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
// The status variable is named per use, so uses may nest (inside a lambda).
#define RETURN_IF_ERROR(expr) \
  MASAR_RETURN_IF_ERROR_IMPL_(MASAR_STATUS_CONCAT_(masar_status_, __COUNTER__), expr)

#define MASAR_RETURN_IF_ERROR_IMPL_(status, expr) \
  do {                                            \
    if (::absl::Status status = (expr);           \
        !status.ok()) {                           \
      return status;                              \
    }                                             \
  } while (false)

#define MASAR_STATUS_CONCAT_INNER_(a, b) a##b
#define MASAR_STATUS_CONCAT_(a, b) MASAR_STATUS_CONCAT_INNER_(a, b)

// `ASSIGN_OR_RETURN(auto x, MakeX());` assigns the value of an
// absl::StatusOr to `lhs`, or returns its status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr)                                        \
  MASAR_ASSIGN_OR_RETURN_IMPL_(                                            \
      MASAR_STATUS_CONCAT_(masar_statusor_, __COUNTER__), lhs, expr)

#define MASAR_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                 \
  if (!statusor.ok()) {                                   \
    return std::move(statusor).status();                  \
  }                                                       \
  lhs = *std::move(statusor)

#endif  // MASAR_COMMON_STATUS_STATUS_MACROS_H_
