#include "tools/masar-bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace masar::bench {
namespace {

// Sub-buckets per power of two: 2^kSubBucketBits. Values below
// kExactLimit = 2^(kSubBucketBits + 1) have a bucket each.
constexpr int kSubBucketBits = 10;
constexpr uint64_t kSubBuckets = uint64_t{1} << kSubBucketBits;
constexpr uint64_t kExactLimit = kSubBuckets * 2;

// How far a value is shifted right to land in [kSubBuckets, kExactLimit).
int Shift(uint64_t value) { return std::bit_width(value) - 1 - kSubBucketBits; }

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(BucketIndex(kMaxValue) + 1, 0) {}

int LatencyHistogram::BucketIndex(uint64_t value) {
  if (value < kExactLimit) return static_cast<int>(value);
  const int shift = Shift(value);
  return static_cast<int>(kExactLimit + (shift - 1) * kSubBuckets +
                          ((value >> shift) - kSubBuckets));
}

uint64_t LatencyHistogram::BucketTop(int index) {
  const auto position = static_cast<uint64_t>(index);
  if (position < kExactLimit) return position;
  const int shift =
      static_cast<int>((position - kExactLimit) / kSubBuckets) + 1;
  const uint64_t sub = (position - kExactLimit) % kSubBuckets + kSubBuckets;
  return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::Record(uint64_t value) {
  value = std::min(value, kMaxValue);
  ++counts_[BucketIndex(value)];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  ++count_;
  sum_ += static_cast<double>(value);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0 : sum_ / static_cast<double>(count_);
}

uint64_t LatencyHistogram::Percentile(double percentile) const {
  if (count_ == 0) return 0;
  // The epsilon keeps 99.9% of 1000 values at rank 999 despite rounding.
  const double wanted =
      std::ceil(percentile * static_cast<double>(count_) / 100 - 1e-9);
  const uint64_t rank =
      std::clamp(static_cast<uint64_t>(wanted), uint64_t{1}, count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      return std::min(BucketTop(static_cast<int>(i)), max_);
    }
  }
  return max_;
}

}  // namespace masar::bench
