"""End-to-end test of partnerships as its own process (one Kubernetes
Deployment per service): identity in one `masar serve`, partnerships in
another reaching it through --identity-target with its service account.

- Identity's events reach partnerships across processes: a signatory
  disabled in identity shows on the agreement as USER_DISABLED, and enabled
  again as VALID (the consumer polls identity's ListDomainEvents; no Redis).
- Identity stopped: a change that must ask identity answers UNAVAILABLE and
  writes nothing; reads that need no membership check carry on.
"""

import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from masar.partnerships.v1 import agreement_pb2  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2 as ps  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2_grpc  # noqa: E402
from test_masar_serve import Masar  # noqa: E402
from test_partnerships_replicas import PartnershipsWorld, rid  # noqa: E402
from test_shared_keys import ADMIN_EMAIL, PASSWORD  # noqa: E402

Status = agreement_pb2.Party


class PartnershipsSplitTest(PartnershipsWorld, unittest.TestCase):
    def setUp(self):
        env = dict(os.environ, MASAR_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
                   MASAR_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD)
        self.identity_process = Masar("--services=identity", env=env)
        self.addCleanup(self.identity_process.close)
        self.identity = identity_service_pb2_grpc.IdentityServiceStub(
            self.identity_process.channel)
        self.admin = [("authorization", "Bearer " + self.mfa_token(ADMIN_EMAIL, enrol=True))]
        client_id, secret = self.service_account("partnerships")
        secret_dir = tempfile.TemporaryDirectory()
        self.addCleanup(secret_dir.cleanup)
        secret_file = os.path.join(secret_dir.name, "secret")
        with open(os.open(secret_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(secret + "\n")
        self.partnerships_process = Masar(
            "--services=partnerships", "--identity-target=" + self.identity_process.address,
            "--service-account=" + client_id, "--service-account-secret-file=" + secret_file)
        self.addCleanup(self.partnerships_process.close)
        self.partnerships = [partnership_service_pb2_grpc.PartnershipServiceStub(
            self.partnerships_process.channel)]

    def party_status(self, agreement, index):
        return self.partnerships[0].GetAgreement(ps.GetAgreementRequest(
            name=agreement), timeout=30, metadata=self.admin).agreement.parties[index].signatory_status

    def wait_for_status(self, agreement, index, status):
        deadline = time.monotonic() + 30
        while self.party_status(agreement, index) != status:
            self.assertLess(time.monotonic(), deadline,
                            "identity's event never reached partnerships: %s"
                            % self.partnerships_process.log()[-2000:])
            time.sleep(0.2)

    def test_identity_events_reach_partnerships_in_another_process(self):
        parties = self.parties()
        reviewed = self.reviewed_agreement(parties)
        self.assertEqual(self.party_status(reviewed.name, 1), Status.SIGNATORY_STATUS_VALID)
        minister = parties[1][1]
        self.identity.DisableUser(identity_service_pb2.DisableUserRequest(
            name=minister), timeout=30, metadata=self.admin)
        self.wait_for_status(reviewed.name, 1, Status.SIGNATORY_STATUS_USER_DISABLED)
        # The disabled signatory blocks the approval, naming the party.
        with self.assertRaises(grpc.RpcError) as refused:
            self.partnerships[0].RequestSignatures(ps.RequestSignaturesRequest(
                name=reviewed.name, etag=self.partnerships[0].GetAgreement(
                    ps.GetAgreementRequest(name=reviewed.name), timeout=30,
                    metadata=self.admin).agreement.etag, request_id=rid()),
                timeout=30, metadata=self.admin)
        self.assertEqual(refused.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        self.assertIn("parties[1].signatory", refused.exception.details())
        self.identity.EnableUser(identity_service_pb2.EnableUserRequest(
            name=minister), timeout=30, metadata=self.admin)
        self.wait_for_status(reviewed.name, 1, Status.SIGNATORY_STATUS_VALID)

    def test_identity_stopped_refuses_changes_that_ask_it_and_writes_nothing(self):
        parties = self.parties()
        reviewed = self.reviewed_agreement(parties)
        before = self.partnerships[0].ListAgreements(ps.ListAgreementsRequest(
            page_size=500), timeout=30, metadata=self.admin).agreements
        self.identity_process.stop()
        agreement = agreement_pb2.Agreement()
        agreement.CopyFrom(reviewed)
        with self.assertRaises(grpc.RpcError) as refused:
            self.partnerships[0].CreateAgreement(ps.CreateAgreementRequest(
                agreement=agreement, request_id=rid()), timeout=30, metadata=self.admin)
        self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAVAILABLE,
                         refused.exception.details())
        after = self.partnerships[0].ListAgreements(ps.ListAgreementsRequest(
            page_size=500), timeout=30, metadata=self.admin).agreements
        self.assertEqual([a.name for a in after], [a.name for a in before])


if __name__ == "__main__":
    unittest.main()
