#include "services/masar/partnerships_service.h"

#include <utility>

#include "common/auth/call_authorizer.h"
#include "common/clock/calendar.h"
#include "common/events/event_consumer.h"
#include "common/executor/periodic.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/client/identity_event_source.h"
#include "services/partnerships/api/partnership_grpc_service.h"
#include "services/partnerships/api/partnership_handlers.h"
#include "services/partnerships/api/partnerships_policy.h"
#include "services/partnerships/consumers/identity_event_handler.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/peers/identity_party_directory.h"
#include "services/partnerships/store/partnerships_store_migrations.h"
#include "services/partnerships/store/sql_partnerships_store.h"

namespace masar {
namespace {

using namespace partnerships;  // NOLINT: this file wires partnerships' parts

// The consumer's name in identity's event cursors.
constexpr char kConsumer[] = "partnerships";

// Owns every part, in construction order; handlers last.
class PartnershipsService final : public HostedService {
 public:
  PartnershipsService(const ServiceContext& c, PartnershipsOptions options,
                      Calendar calendar)
      : context_(c),
        options_(std::move(options)),
        calendar_(calendar),
        store_(c.db, c.cache, c.clock),
        parties_([peers = c.peers] { return peers->identity(); }),
        registry_(store_.ports(&parties_, &calendar_)),
        runner_(c.executor),
        idempotency_(c.db, c.clock) {}

  absl::Status Init() {
    ASSIGN_OR_RETURN(auth::PolicyTable policy, PartnershipsPolicy());
    policy_ = std::make_unique<auth::PolicyTable>(std::move(policy));
    authorizer_ = std::make_unique<auth::CallAuthorizer>(
        policy_.get(), context_.auth->authenticator.get());
    PartnershipHandlersDeps deps;
    deps.registry = &registry_;
    deps.authorizer = authorizer_.get();
    deps.runner = &runner_;
    deps.idempotency = &idempotency_;
    deps.db = context_.db;
    deps.calendar = &calendar_;
    deps.outbox = &store_.outbox();
    deps.checkpoint_path = context_.audit_checkpoint_file;
    deps.checkpoint_public_keys = context_.audit_checkpoint_public_keys;
    deps.agreements_cache = store_.agreements_cache();
    handlers_ = std::make_unique<PartnershipHandlers>(std::move(deps));
    grpc_service_ = std::make_unique<PartnershipGrpcService>(handlers_.get());
    return absl::OkStatus();
  }

  absl::string_view service_name() const override {
    return grpc_service_->service_name();
  }
  grpc::Service* grpc_service() override {
    return grpc_service_->grpc_service();
  }

  absl::Status StartBackgroundWork() override {
    sweeper_.Start(options_.sweep_interval, [this] { Sweep(); },
                   /*run_now=*/true);
    purger_.Start(options_.purge_interval, [this] { Purge(); });
    // Identity's client exists once the server serves (an in-process peer).
    identity_ = context_.peers->identity();
    identity_events_ =
        std::make_unique<identity::IdentityEventSource>(identity_.get());
    events::EventConsumerOptions consumer;
    consumer.consumer = kConsumer;
    identity_consumer_ = std::make_unique<events::EventConsumer>(
        identity_events_.get(), context_.db, context_.cache,
        [this](sql::Transaction& tx, const events::Event& event) {
          sql::SqlTransaction domain_tx(tx);
          return ApplyIdentityEvent(registry_, domain_tx, event);
        },
        context_.clock, context_.logger, consumer);
    return identity_consumer_->Start();
  }

  void StopBackgroundWork() override {
    identity_consumer_.reset();
    purger_.Stop();
    sweeper_.Stop();
  }

 private:
  // Stores the expiries and supersessions due, a batch at a time.
  void Sweep() {
    constexpr int kBatch = 100;
    for (;;) {
      absl::StatusOr<SweepResult> swept = registry_.SweepDueTransitions(kBatch);
      if (!swept.ok()) {
        context_.logger->Warning(
            "partnerships sweep failed",
            {{"error", std::string(swept.status().message())}});
        return;
      }
      if (swept->expired + swept->superseded > 0) {
        context_.logger->Info("agreements ended by time",
                              {{"expired", swept->expired},
                               {"superseded", swept->superseded}});
      }
      if (swept->expired + swept->superseded < kBatch) return;
    }
  }

  void Purge() {
    for (absl::StatusOr<int64_t> purged :
         {store_.outbox().Purge(), idempotency_.PurgeExpired()}) {
      if (!purged.ok()) {
        context_.logger->Warning(
            "partnerships store purge failed",
            {{"error", std::string(purged.status().message())}});
      }
    }
  }

  const ServiceContext context_;
  const PartnershipsOptions options_;
  const Calendar calendar_;
  SqlPartnershipsStore store_;
  IdentityPartyDirectory parties_;
  AgreementRegistry registry_;
  UnaryCallRunner runner_;
  idempotency::IdempotentRunner idempotency_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  std::unique_ptr<PartnershipHandlers> handlers_;
  std::unique_ptr<PartnershipGrpcService> grpc_service_;
  // Background work, stopped before the parts above go.
  Periodic sweeper_;
  Periodic purger_;
  std::shared_ptr<identity::IdentityClient> identity_;
  std::unique_ptr<identity::IdentityEventSource> identity_events_;
  std::unique_ptr<events::EventConsumer> identity_consumer_;
};

}  // namespace

PartnershipsOptions PartnershipsOptionsFrom(const ServeConfig& config) {
  PartnershipsOptions options;
  options.time_zone = config.time_zone;
  return options;
}

absl::StatusOr<std::vector<sql::MigrationSet>> PartnershipsMigrations() {
  ASSIGN_OR_RETURN(sql::MigrationSet set, PartnershipsStoreMigrations());
  std::vector<sql::MigrationSet> sets;
  sets.push_back(std::move(set));
  return sets;
}

absl::StatusOr<std::unique_ptr<HostedService>> MakePartnershipsService(
    const ServiceContext& context, PartnershipsOptions options) {
  ASSIGN_OR_RETURN(Calendar calendar,
                   Calendar::ForZone(context.clock, options.time_zone));
  auto service = std::make_unique<PartnershipsService>(
      context, std::move(options), calendar);
  RETURN_IF_ERROR(service->Init());
  return std::unique_ptr<HostedService>(std::move(service));
}

}  // namespace masar
