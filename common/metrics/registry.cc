#include "common/metrics/registry.h"

namespace masar::metrics {

void Registry::Add(std::string name, std::string help, MetricType type,
                   std::vector<std::string> label_names,
                   std::function<void(FamilySnapshot&)> collect) {
  auto entry = std::make_shared<Entry>();
  entry->header.name = std::move(name);
  entry->header.help = std::move(help);
  entry->header.type = type;
  entry->header.label_names = std::move(label_names);
  entry->collect = std::move(collect);
  absl::MutexLock lock(&mu_);
  entries_.push_back(std::move(entry));
}

Family<Counter>* Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  auto family = std::make_shared<Family<Counter>>(
      [] { return std::make_unique<Counter>(); });
  Family<Counter>* raw = family.get();
  Add(std::move(name), std::move(help), MetricType::kCounter,
      std::move(label_names), [raw](FamilySnapshot& out) {
        raw->ForEach([&](const std::vector<std::string>& labels,
                         const Counter& c) {
          out.samples.push_back({labels, static_cast<double>(c.Value())});
        });
      });
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return raw;
}

Family<Gauge>* Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  auto family =
      std::make_shared<Family<Gauge>>([] { return std::make_unique<Gauge>(); });
  Family<Gauge>* raw = family.get();
  Add(std::move(name), std::move(help), MetricType::kGauge,
      std::move(label_names), [raw](FamilySnapshot& out) {
        raw->ForEach([&](const std::vector<std::string>& labels,
                         const Gauge& g) {
          out.samples.push_back({labels, static_cast<double>(g.Value())});
        });
      });
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return raw;
}

Family<Histogram>* Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  auto family = std::make_shared<Family<Histogram>>(
      [bounds] { return std::make_unique<Histogram>(bounds); });
  Family<Histogram>* raw = family.get();
  Add(std::move(name), std::move(help), MetricType::kHistogram,
      std::move(label_names), [raw](FamilySnapshot& out) {
        raw->ForEach([&](const std::vector<std::string>& labels,
                         const Histogram& h) {
          out.histograms.push_back({labels, h.bounds(), h.Take()});
        });
      });
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return raw;
}

void Registry::AddCallback(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names,
                           std::function<std::vector<Sample>()> read) {
  Add(std::move(name), std::move(help), type, std::move(label_names),
      [read = std::move(read)](FamilySnapshot& out) { out.samples = read(); });
}

std::vector<FamilySnapshot> Registry::Collect() const {
  std::vector<std::shared_ptr<Entry>> entries;
  {
    absl::MutexLock lock(&mu_);
    entries = entries_;
  }
  std::vector<FamilySnapshot> snapshots;
  snapshots.reserve(entries.size());
  for (const std::shared_ptr<Entry>& entry : entries) {
    FamilySnapshot snapshot = entry->header;
    entry->collect(snapshot);
    snapshots.push_back(std::move(snapshot));
  }
  return snapshots;
}

}  // namespace masar::metrics
