#ifndef MASAR_COMMON_METRICS_REGISTRY_H_
#define MASAR_COMMON_METRICS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/instruments.h"

namespace masar::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// One series' value, its label values in the order of the family's names.
struct Sample {
  std::vector<std::string> label_values;
  double value = 0;
};

struct HistogramSample {
  std::vector<std::string> label_values;
  std::vector<double> bounds;
  Histogram::Snapshot snapshot;
};

// What a scrape reads of one metric family.
struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kCounter;
  std::vector<std::string> label_names;
  std::vector<Sample> samples;                // counters and gauges
  std::vector<HistogramSample> histograms;  // histograms
};

// The series of one metric, one per combination of label values. The label
// names are fixed when the family is registered; Get takes a lock and is
// meant for set-up (or first sight of a label combination): callers keep the
// pointer and count through it without locking.
template <typename T>
class Family {
 public:
  explicit Family(std::function<std::unique_ptr<T>()> make)
      : make_(std::move(make)) {}

  // The series for `label_values` (as many as the family has label names),
  // created on first use; the pointer lives as long as the family.
  T* Get(const std::vector<std::string>& label_values) {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<T>& series = series_[label_values];
    if (series == nullptr) series = make_();
    return series.get();
  }

  template <typename Visit>
  void ForEach(Visit visit) const {
    absl::MutexLock lock(&mu_);
    for (const auto& [labels, series] : series_) visit(labels, *series);
  }

 private:
  const std::function<std::unique_ptr<T>()> make_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_
      ABSL_GUARDED_BY(mu_);
};

// The metrics of one process. Names must be unique and follow Prometheus
// conventions (base units, `_total` on counters); the registry does not
// check them, `promtool check metrics` does in the tests. Families live as
// long as the registry.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Family<Counter>* AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names);
  Family<Gauge>* AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names);
  Family<Histogram>* AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> bounds);

  // A counter or gauge whose samples `read` returns at each scrape, for
  // values kept elsewhere (a queue's length, /proc). `read` runs on the
  // scraping thread; what it reads must outlive the scrapes.
  void AddCallback(std::string name, std::string help, MetricType type,
                   std::vector<std::string> label_names,
                   std::function<std::vector<Sample>()> read);

  // Every family, in the order registered.
  std::vector<FamilySnapshot> Collect() const;

 private:
  struct Entry {
    FamilySnapshot header;
    std::function<void(FamilySnapshot&)> collect;
  };
  void Add(std::string name, std::string help, MetricType type,
           std::vector<std::string> label_names,
           std::function<void(FamilySnapshot&)> collect);

  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
  std::vector<std::shared_ptr<void>> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace masar::metrics

#endif  // MASAR_COMMON_METRICS_REGISTRY_H_
