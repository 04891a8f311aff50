"""End-to-end test of partnerships' exactly-once rules across two `masar
serve` processes sharing one PostgreSQL database (and one --keys-dir, so a
token from one replica verifies on the other).

- Every party signing at the same moment, through both replicas, activates
  the agreement exactly once: one ACTIVE state, one "ActivateAgreement"
  audit entry, one AgreementStateChanged(ACTIVE) domain event.
- Two officers approving the same reviewed terms at the same moment through
  the two replicas: one wins, the other gets ABORTED.
- Both replicas consume identity's events: 1,000 of them (a signatory
  disabled and enabled again, over and over) are each applied once, in
  order: one status change and one audit entry each, none lost, none twice.
"""

import datetime
import os
import sys
import threading
import time
import unittest
import uuid

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

from masar.common.v1 import date_pb2  # noqa: E402
from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from masar.identity.v1 import member_pb2, organization_pb2  # noqa: E402
from masar.identity.v1 import role_binding_pb2, service_account_pb2  # noqa: E402
from masar.partnerships.v1 import agreement_pb2, events_pb2  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2 as ps  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2_grpc  # noqa: E402
from test_masar_serve import Masar  # noqa: E402
from test_shared_keys import ADMIN_EMAIL, PASSWORD, Codes, KeyDir, Postgres  # noqa: E402

ROUNDS = 4  # agreements raced per test: each round is a fresh race


def bearer(token):
    return [("authorization", "Bearer " + token)]


def rid():
    return str(uuid.uuid4())


def race(calls):
    """Runs every call at the same moment (after a barrier); returns what
    each returned or the grpc.RpcError it raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except grpc.RpcError as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


class PartnershipsWorld:
    """What a partnerships end-to-end test builds through identity and
    partnerships: `self.identity` (an identity stub), `self.partnerships`
    (partnership stubs) and `self.admin` (the bootstrap administrator's
    metadata, with OTP) are set by the test's setUp."""

    # Identity: people and organizations.

    def mfa_token(self, email, enrol=False):
        """Enrols `email` in TOTP when asked, then signs in with password and
        OTP: an access token whose amr includes "otp"."""
        first = self.identity.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30).token
        begun = self.identity.BeginMfaEnrollment(identity_service_pb2.BeginMfaEnrollmentRequest(
            name=first.sub, request_id=rid()), timeout=30, metadata=bearer(first.access_token))
        codes = Codes(begun.secret)
        self.identity.ConfirmMfaEnrollment(identity_service_pb2.ConfirmMfaEnrollmentRequest(
            name=first.sub, code=codes.next(), request_id=rid()),
            timeout=30, metadata=bearer(first.access_token))
        challenge = self.identity.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30).mfa_challenge
        return self.identity.VerifyMfaChallenge(identity_service_pb2.VerifyMfaChallengeRequest(
            mfa_ticket=challenge.mfa_ticket, code=codes.next()), timeout=30).token.access_token

    def user(self, email):
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Signatory"
        request.user.email = email
        request.user.preferred_language = 2  # LANGUAGE_FR
        return self.identity.CreateUser(request, timeout=30).user.name

    def organization(self, kind, country, name):
        org = organization_pb2.Organization(kind=kind, country=country)
        org.display_name.fr = name
        return self.identity.CreateOrganization(identity_service_pb2.CreateOrganizationRequest(
            organization=org, request_id=rid()), timeout=30, metadata=self.admin).organization.name

    def member(self, organization, user, title):
        self.identity.CreateMember(identity_service_pb2.CreateMemberRequest(
            parent=organization, request_id=rid(),
            member=member_pb2.Member(user=user, title=title, role=member_pb2.Member.ROLE_MEMBER)),
            timeout=30, metadata=self.admin)

    def bind(self, principal, role, scope="*"):
        self.identity.CreateRoleBinding(identity_service_pb2.CreateRoleBindingRequest(
            role_binding=role_binding_pb2.RoleBinding(principal=principal, role=role, scope=scope),
            request_id=rid()), timeout=30, metadata=self.admin)

    def parties(self):
        """Three organizations, each with a signatory holding an OTP token:
        [(organization, signatory, token)]."""
        tag = uuid.uuid4().hex[:8]
        kinds = [(organization_pb2.Organization.KIND_GOVERNMENT_BODY, "MA", "Ministère"),
                 (organization_pb2.Organization.KIND_AGENCY, "MA", "Agence"),
                 (organization_pb2.Organization.KIND_COMPANY, "FR", "Société")]
        result = []
        for i, (kind, country, name) in enumerate(kinds):
            org = self.organization(kind, country, "%s %s" % (name, tag))
            email = "signatory-%d-%s@example.ma" % (i, tag)
            user = self.user(email)
            self.member(org, user, "Directeur général")
            result.append((org, user, self.mfa_token(email, enrol=True)))
        return result

    def service_account(self, account_id):
        """A service account holding SERVICE on `*`: (client id, secret)."""
        created = self.identity.CreateServiceAccount(identity_service_pb2.CreateServiceAccountRequest(
            service_account_id=account_id, request_id=rid(),
            service_account=service_account_pb2.ServiceAccount(display_name=account_id)),
            timeout=30, metadata=self.admin)
        self.bind(created.service_account.name, role_binding_pb2.ROLE_SERVICE)
        return created.service_account.client_id, created.client_secret

    def service_token(self):
        client_id, secret = self.service_account("reader-" + uuid.uuid4().hex[:8])
        return self.identity.AuthenticateServiceAccount(
            identity_service_pb2.AuthenticateServiceAccountRequest(
                client_id=client_id, client_secret=secret), timeout=30).token.access_token

    # Partnerships.

    def reviewed_agreement(self, parties):
        """A tripartite agreement created and submitted for review through
        the first replica; returns it."""
        effective = datetime.date.today() - datetime.timedelta(days=1)
        agreement = agreement_pb2.Agreement(
            kind=agreement_pb2.Agreement.KIND_MOU,
            scope_areas=[agreement_pb2.SCOPE_AREA_STARTUP_SUPPORT],
            effective_on=date_pb2.Date(year=effective.year, month=effective.month,
                                       day=effective.day),
            duration_months=24)
        agreement.title.fr = "Mémorandum d'entente tripartite"
        agreement.title.en = "Tripartite memorandum of understanding"
        for i, (org, user, _) in enumerate(parties):
            agreement.parties.add(
                organization=org, signatory=user,
                role=agreement_pb2.Party.ROLE_LEAD if i == 0 else agreement_pb2.Party.ROLE_PARTNER)
        stub = self.partnerships[0]
        created = stub.CreateAgreement(ps.CreateAgreementRequest(
            agreement=agreement, request_id=rid()), timeout=30, metadata=self.admin).agreement
        return stub.SubmitAgreementForReview(ps.SubmitAgreementForReviewRequest(
            name=created.name, etag=created.etag, request_id=rid()),
            timeout=30, metadata=self.admin).agreement

    def activation_events(self, service_token, agreement):
        events = self.partnerships[1].ListDomainEvents(ps.ListDomainEventsRequest(
            after_sequence=0, page_size=500), timeout=30, metadata=bearer(service_token)).events
        states = []
        for event in events:
            if event.resource != agreement:
                continue
            payload = events_pb2.AgreementStateChanged()
            self.assertTrue(event.payload.Unpack(payload), event.type)
            states.append(payload.state)
        return states.count(agreement_pb2.Agreement.STATE_ACTIVE)



class PartnershipsReplicasTest(PartnershipsWorld, unittest.TestCase):
    def setUp(self):
        self.postgres = Postgres()
        self.addCleanup(self.postgres.close)
        self.keys = KeyDir()
        self.addCleanup(self.keys.dir.cleanup)
        env = dict(os.environ, MASAR_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
                   MASAR_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD)
        self.replicas = []
        for _ in range(2):
            server = Masar("--services=all", "--database=" + self.postgres.url,
                           "--keys-dir=" + self.keys.path, env=env)
            self.addCleanup(server.close)
            self.replicas.append(server)
        self.identity = identity_service_pb2_grpc.IdentityServiceStub(self.replicas[0].channel)
        self.partnerships = [partnership_service_pb2_grpc.PartnershipServiceStub(r.channel)
                             for r in self.replicas]
        self.admin = bearer(self.mfa_token(ADMIN_EMAIL, enrol=True))

    def test_all_parties_signing_at_once_activate_the_agreement_once(self):
        parties = self.parties()
        service_token = self.service_token()
        for _ in range(ROUNDS):
            reviewed = self.reviewed_agreement(parties)
            frozen = self.partnerships[0].RequestSignatures(ps.RequestSignaturesRequest(
                name=reviewed.name, etag=reviewed.etag, request_id=rid()),
                timeout=30, metadata=self.admin).agreement
            self.assertEqual(len(frozen.content_digest), 64)

            def sign(i, org, token):
                return lambda: self.partnerships[i % 2].SignAgreement(ps.SignAgreementRequest(
                    name=frozen.name, organization=org, content_digest=frozen.content_digest,
                    request_id=rid()), timeout=60, metadata=bearer(token)).agreement

            results = race([sign(i, org, token) for i, (org, _, token) in enumerate(parties)])
            for result in results:
                self.assertNotIsInstance(result, grpc.RpcError, result)
            final = self.partnerships[1].GetAgreement(ps.GetAgreementRequest(
                name=frozen.name), timeout=30, metadata=self.admin).agreement
            self.assertEqual(final.state, agreement_pb2.Agreement.STATE_ACTIVE)
            self.assertTrue(all(p.signature.signed_digest == frozen.content_digest
                                for p in final.parties))
            self.assertEqual(
                [r.state for r in results].count(agreement_pb2.Agreement.STATE_ACTIVE), 1,
                "exactly one signature saw itself activate the agreement")
            audit = self.partnerships[0].ListAuditEvents(ps.ListAuditEventsRequest(
                resource=frozen.name, action="ActivateAgreement", page_size=50),
                timeout=30, metadata=self.admin).audit_events
            self.assertEqual(len(audit), 1)
            self.assertEqual(audit[0].actor, "system")
            self.assertEqual(self.activation_events(service_token, frozen.name), 1)

    def test_two_officers_approving_at_once_one_wins_the_other_is_aborted(self):
        parties = self.parties()
        email = "officer-%s@example.ma" % uuid.uuid4().hex[:8]
        officer = self.user(email)
        self.bind(officer, role_binding_pb2.ROLE_PARTNERSHIP_OFFICER)
        officer_token = bearer(self.mfa_token(email, enrol=True))
        for _ in range(ROUNDS):
            reviewed = self.reviewed_agreement(parties)

            def approve(i, metadata):
                return lambda: self.partnerships[i].RequestSignatures(ps.RequestSignaturesRequest(
                    name=reviewed.name, etag=reviewed.etag, request_id=rid()),
                    timeout=60, metadata=metadata).agreement

            results = race([approve(0, self.admin), approve(1, officer_token)])
            won = [r for r in results if not isinstance(r, grpc.RpcError)]
            lost = [r for r in results if isinstance(r, grpc.RpcError)]
            self.assertEqual(len(won), 1, results)
            self.assertEqual(lost[0].code(), grpc.StatusCode.ABORTED, lost[0].details())
            self.assertEqual(won[0].state, agreement_pb2.Agreement.STATE_AWAITING_SIGNATURES)

    def test_both_replicas_consuming_apply_each_of_1000_identity_events_once(self):
        events = 1000
        parties = self.parties()
        reviewed = self.reviewed_agreement(parties)
        minister = parties[1][1]
        for i in range(events):
            if i % 2 == 0:
                self.identity.DisableUser(identity_service_pb2.DisableUserRequest(
                    name=minister), timeout=30, metadata=self.admin)
            else:
                self.identity.EnableUser(identity_service_pb2.EnableUserRequest(
                    name=minister), timeout=30, metadata=self.admin)

        def marks():
            request = ps.ListAuditEventsRequest(resource=reviewed.name,
                                                action="MarkSignatoryStatus", page_size=500)
            count = 0
            while True:
                page = self.partnerships[0].ListAuditEvents(request, timeout=30,
                                                            metadata=self.admin)
                count += len(page.audit_events)
                if not page.next_page_token:
                    return count
                request.page_token = page.next_page_token

        deadline = time.monotonic() + 180
        while marks() < events:
            self.assertLess(time.monotonic(), deadline, "events missing: %d" % marks())
            time.sleep(0.5)
        time.sleep(2)  # anything applied twice would show by now
        self.assertEqual(marks(), events)
        final = self.partnerships[1].GetAgreement(ps.GetAgreementRequest(
            name=reviewed.name), timeout=30, metadata=self.admin).agreement
        self.assertEqual(final.parties[1].signatory_status, agreement_pb2.Party.SIGNATORY_STATUS_VALID)


if __name__ == "__main__":
    unittest.main()
