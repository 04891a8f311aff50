#ifndef MASAR_SERVICES_MASAR_PEERS_H_
#define MASAR_SERVICES_MASAR_PEERS_H_

#include <memory>

#include "services/identity/client/identity_client.h"

namespace masar {

// The other services as a hosted service calls them, whatever the
// deployment: through the server's in-process channel when this process
// hosts the callee, otherwise over the network to its `--<service>-target`.
// Every call carries this process's SERVICE token, a deadline, and the
// request id and trace of the call that caused it (CallMetadata). A
// service asks for a client where it calls, rather than keeping it: the
// in-process one exists once the server has started. A client for a
// peer the service did not declare (ServiceModule::peers) may answer
// every call UNAVAILABLE. Tests hand a service a fake Peers returning
// mocks (services/<svc>/testing/mock_<svc>_client.h).
class Peers {
 public:
  virtual ~Peers() = default;

  virtual std::shared_ptr<identity::IdentityClient> identity() = 0;
};

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_PEERS_H_
