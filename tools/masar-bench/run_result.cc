#include "tools/masar-bench/run_result.h"

namespace masar::bench {

double RunResult::calls_per_second() const {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  return seconds <= 0 ? 0 : static_cast<double>(calls) / seconds;
}

uint64_t RunResult::mean_response_bytes() const {
  return ok == 0 ? 0 : response_bytes / ok;
}

}  // namespace masar::bench
