#include "services/partnerships/store/outbox_partnerships_event_log.h"

#include "common/events/domain_event_proto.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "masar/partnerships/v1/events.pb.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {

absl::Status OutboxPartnershipsEventLog::Append(
    Transaction& tx, const AgreementStateChanged& event) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  v1::AgreementStateChanged payload;
  payload.set_agreement(AgreementName(event.agreement_id));
  // Values match masar.partnerships.v1.Agreement.State.
  payload.set_state(
      static_cast<v1::Agreement::State>(static_cast<int>(event.state)));
  if (!event.superseded_by_id.empty()) {
    payload.set_superseded_by(
        AgreementName(event.superseded_by_id));
  }
  return outbox_->Append(*stx, events::NewEventOf(payload, payload.agreement()))
      .status();
}

}  // namespace masar::partnerships
