// A second process of the same service for the resource cache's
// multi-process tests (see PeerProcess): its own ResourceCache over the
// given PostgreSQL schema and Redis, driven one command a line on stdin:
//   get <key>            -> "ok <version>" | "err <status>"
//   put <key> <version>  -> "ok" | "err <status>" (acknowledged write)
//   hammer <key>...      -> "ok"; two background threads read those keys
//                           until exit, each load 1 ms slow, so that its
//                           fills race other processes' writes
//   stats                -> "ok <hammer reads> <hammer errors> <loads>"
//   stampede <key> <threads> <load ms> <start unix us> <expected>
//                        -> "ok <loads> <wrong answers>": the threads read
//                           the key at once from the start time, each load
//                           taking load ms longer
// Exits 0 when stdin closes.
//   resource_cache_peer <postgres url> <schema> <redis address> <key prefix>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "tests/common/resource_cache/thing_store.h"

namespace masar::testing {
namespace {

class Peer {
 public:
  Peer(ResourceCache* cache, sql::Database* db) : cache_(cache), db_(db) {}
  ~Peer() {
    stop_.store(true);
    for (std::thread& t : hammers_) t.join();
  }

  std::string Handle(const std::vector<std::string>& words) {
    const std::string& verb = words[0];
    if (verb == "get" && words.size() == 2) return Get(words[1]);
    if (verb == "put" && words.size() == 3) return Put(words[1], words[2]);
    if (verb == "hammer" && words.size() >= 2) {
      std::vector<std::string> keys(words.begin() + 1, words.end());
      for (int i = 0; i < 2; ++i) {
        hammers_.emplace_back([this, keys] { Hammer(keys); });
      }
      return "ok";
    }
    if (verb == "stats") {
      return absl::StrCat("ok ", hammer_reads_.load(), " ",
                          hammer_errors_.load(), " ", cache_->loads());
    }
    if (verb == "stampede" && words.size() == 6) return Stampede(words);
    return "err unknown command";
  }

 private:
  std::string Get(const std::string& key) {
    absl::StatusOr<int64_t> version = ReadThing(*cache_, *db_, key);
    if (!version.ok()) return absl::StrCat("err ", version.status().ToString());
    return absl::StrCat("ok ", *version);
  }

  std::string Put(const std::string& key, const std::string& version_text) {
    int64_t version = 0;
    if (!absl::SimpleAtoi(version_text, &version)) return "err bad version";
    absl::Status written = WriteThing(*db_, *cache_, key, version);
    return written.ok() ? "ok" : absl::StrCat("err ", written.ToString());
  }

  void Hammer(const std::vector<std::string> keys) {
    for (size_t i = 0; !stop_.load(); ++i) {
      if (ReadThing(*cache_, *db_, keys[i % keys.size()],
                    absl::Milliseconds(1))
              .ok()) {
        ++hammer_reads_;
      } else {
        ++hammer_errors_;
      }
    }
  }

  std::string Stampede(const std::vector<std::string>& words) {
    int threads = 0, load_ms = 0;
    int64_t start_us = 0;
    if (!absl::SimpleAtoi(words[2], &threads) ||
        !absl::SimpleAtoi(words[3], &load_ms) ||
        !absl::SimpleAtoi(words[4], &start_us)) {
      return "err bad stampede";
    }
    const std::string& key = words[1];
    const std::string& expected = words[5];
    std::atomic<int> loads{0}, wrong{0};
    const absl::Time start = absl::FromUnixMicros(start_us);
    std::vector<std::thread> readers;
    for (int i = 0; i < threads; ++i) {
      readers.emplace_back([&] {
        absl::SleepFor(start - absl::Now());
        absl::StatusOr<std::string> value =
            cache_->Get(key, [&]() -> absl::StatusOr<std::string> {
              ++loads;
              absl::SleepFor(absl::Milliseconds(load_ms));
              absl::StatusOr<int64_t> version = LoadThing(*db_, key);
              if (!version.ok()) return version.status();
              return absl::StrCat(*version);
            });
        if (!value.ok() || *value != expected) ++wrong;
      });
    }
    for (std::thread& t : readers) t.join();
    return absl::StrCat("ok ", loads.load(), " ", wrong.load());
  }

  ResourceCache* cache_;
  sql::Database* db_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> hammer_reads_{0};
  std::atomic<int64_t> hammer_errors_{0};
  std::vector<std::thread> hammers_;
};

int Run(int argc, char** argv) {
  // Die with the test, even if it crashes.
  const pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return 1;
  if (argc != 5) {
    std::cerr << "usage: resource_cache_peer <postgres url> <schema> "
                 "<redis address> <key prefix>\n";
    return 2;
  }
  SystemClock clock;
  sql::DatabaseOptions db_options;
  db_options.postgres_url = argv[1];
  db_options.schema = argv[2];
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      sql::OpenDatabase(db_options);
  cache::RedisCacheOptions redis_options{.address = argv[3]};
  redis_options.breaker.cooldown = absl::Milliseconds(100);
  absl::StatusOr<std::unique_ptr<cache::RedisCache>> redis =
      cache::RedisCache::Create(redis_options, clock);
  if (!db.ok() || !redis.ok()) {
    std::cerr << "peer: " << db.status() << " " << redis.status() << "\n";
    return 1;
  }
  ResourceCacheOptions options;
  options.key_prefix = argv[4];
  options.repair_interval = absl::Milliseconds(50);
  ResourceCache cache(redis->get(), db->get(), &clock, options);
  Peer peer(&cache, db->get());
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.empty()) continue;
    std::cout << peer.Handle(words) << std::endl;
  }
  return 0;
}

}  // namespace
}  // namespace masar::testing

int main(int argc, char** argv) { return masar::testing::Run(argc, argv); }
