#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_

#include "common/auth/caller.h"

namespace masar::identity {

// The subject of changes the service makes on its own (bootstrap, expiry).
inline constexpr char kSystemActor[] = "system";

// Who makes a call: every service's one caller type, under the name the
// directory's use cases have always given it.
using Actor = auth::Caller;

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ACTOR_H_
