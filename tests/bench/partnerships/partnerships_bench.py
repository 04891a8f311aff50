"""The partnerships figures of the README's performance section, reproduced.

Starts `masar serve` on its embedded defaults (SQLite), then on a throwaway
PostgreSQL (fsync on, as a real store runs), sets up through the public API
an agency, 20 companies with their signatories, and a PARTNERSHIP_OFFICER on
`*`, and measures:
  1. GetAgreement on a cache hit (the officer reads, so a hit is answered on
     gRPC's thread) against the bare echo baseline, alternating pairs, with
     masar-bench (SQLite server only: a hit never reaches the store);
  2. seeding AGREEMENTS bilateral drafts (the agency and one of the 20
     companies in turn) through CreateAgreement, SEED_THREADS calls in
     flight, timed;
  3. ListAgreements with a party filter over them, first page (50), with
     masar-bench against the echo baseline: a company (1 in 20 agreements)
     and the agency (every agreement);
  4. SignAgreement, driven from Python threads because every call needs its
     own agreement (masar-bench repeats one request): SIGNATURES agreements
     between the agency and one company made AWAITING_SIGNATURES beforehand,
     then signed by the agency's signatory (the first signature of each) and
     by the company's (the last, which activates it), SIGN_THREADS in flight,
     with tokens whose amr includes otp.
Run by run.sh, which builds what it needs and sets MASAR_BIN, MASAR_BENCH and
MASAR_PY_STUBS. Prints one JSON summary on stdout; details go to OUT.
"""

import concurrent.futures
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "e2e"))

import grpc  # noqa: E402
from masar.common.v1 import date_pb2  # noqa: E402
from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from masar.identity.v1 import member_pb2, organization_pb2, role_binding_pb2  # noqa: E402
from masar.partnerships.v1 import agreement_pb2  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2 as ps  # noqa: E402
from masar.partnerships.v1 import partnership_service_pb2_grpc  # noqa: E402
from test_partnerships_replicas import bearer, rid  # noqa: E402
from test_shared_keys import Codes, Postgres  # noqa: E402  (Codes: TOTP, one step at a time)

MASAR = os.environ["MASAR_BIN"]
BENCH = os.environ["MASAR_BENCH"]
OUT = os.environ.get("OUT") or tempfile.mkdtemp(prefix="partnerships_bench.")
PAIRS = int(os.environ.get("PAIRS", "5"))
DURATION = os.environ.get("DURATION", "3s")
WARMUP = os.environ.get("WARMUP", "1s")
AGREEMENTS = int(os.environ.get("AGREEMENTS", "10000"))
SEED_THREADS = int(os.environ.get("SEED_THREADS", "8"))
SIGNATURES = int(os.environ.get("SIGNATURES", "600"))
SIGN_THREADS = int(os.environ.get("SIGN_THREADS", "8"))
COMPANIES = 20
ADMIN_EMAIL = "admin@example.ma"
PASSWORD = "a long enough passphrase"
SERVICE = "/masar.partnerships.v1.PartnershipService/"


class Masar:
    def __init__(self, *flags):
        self.data_dir = tempfile.TemporaryDirectory()
        self.log = open(os.path.join(OUT, "masar-%d.log" % time.time_ns()), "w")
        env = dict(os.environ, MASAR_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
                   MASAR_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD, MASAR_METRICS_PORT="0")
        self.process = subprocess.Popen(
            [MASAR, "serve", "--port=0", "--data-dir=" + self.data_dir.name, *flags],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        line = self.process.stdout.readline()
        if not line.startswith("masar listening on "):
            raise RuntimeError("masar did not start: %r" % line)
        self.address = line.split()[-1]
        self.channel = grpc.insecure_channel(self.address)
        self.identity = identity_service_pb2_grpc.IdentityServiceStub(self.channel)
        self.partnerships = partnership_service_pb2_grpc.PartnershipServiceStub(self.channel)

    def stop(self):
        self.channel.close()
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


class Directory:
    """Through identity's public API: the admin, an agency and COMPANIES
    companies each with a signatory (the agency's and the first company's
    enrolled in TOTP), and a PARTNERSHIP_OFFICER on `*`."""

    def __init__(self, server):
        self.identity = server.identity
        admin_codes, _ = self.enrol(ADMIN_EMAIL)
        self.admin = bearer(self.otp_token(ADMIN_EMAIL, admin_codes))
        self.agency = self.organization(organization_pb2.Organization.KIND_AGENCY, "MA",
                                        "Agence")
        self.director = self.member(self.agency, "director@example.ma")
        self.companies = []
        for i in range(COMPANIES):
            company = self.organization(organization_pb2.Organization.KIND_COMPANY, "FR",
                                        "Société %d" % i)
            self.companies.append((company, self.member(company, "ceo-%d@example.ma" % i)))
        self.director_codes, _ = self.enrol("director@example.ma")
        self.ceo_codes, _ = self.enrol("ceo-0@example.ma")
        officer = self.user("officer@example.ma")
        self.identity.CreateRoleBinding(identity_service_pb2.CreateRoleBindingRequest(
            role_binding=role_binding_pb2.RoleBinding(
                principal=officer, role=role_binding_pb2.ROLE_PARTNERSHIP_OFFICER, scope="*"),
            request_id=rid()), timeout=30, metadata=self.admin)
        self.officer_lock = threading.Lock()
        self.officer_token, self.officer_time = None, 0

    def officer(self):
        """The officer's metadata, signed in again after 10 of its token's 15
        minutes (once, whichever thread asks first)."""
        with self.officer_lock:
            if time.monotonic() - self.officer_time > 600:
                self.officer_token = bearer(self.password_token("officer@example.ma"))
                self.officer_time = time.monotonic()
            return self.officer_token

    def password_token(self, email):
        return self.identity.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30).token.access_token

    def enrol(self, email):
        first = self.identity.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30).token
        begun = self.identity.BeginMfaEnrollment(identity_service_pb2.BeginMfaEnrollmentRequest(
            name=first.sub, request_id=rid()), timeout=30, metadata=bearer(first.access_token))
        codes = Codes(begun.secret)
        self.identity.ConfirmMfaEnrollment(identity_service_pb2.ConfirmMfaEnrollmentRequest(
            name=first.sub, code=codes.next(), request_id=rid()),
            timeout=30, metadata=bearer(first.access_token))
        return codes, first.sub

    def otp_token(self, email, codes):
        """Password then TOTP: an access token whose amr includes "otp"."""
        challenge = self.identity.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30).mfa_challenge
        return self.identity.VerifyMfaChallenge(identity_service_pb2.VerifyMfaChallengeRequest(
            mfa_ticket=challenge.mfa_ticket, code=codes.next()), timeout=30).token.access_token

    def user(self, email):
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Bench User"
        request.user.email = email
        request.user.preferred_language = 2  # LANGUAGE_FR
        return self.identity.CreateUser(request, timeout=30).user.name

    def organization(self, kind, country, name):
        org = organization_pb2.Organization(kind=kind, country=country)
        org.display_name.fr = name
        return self.identity.CreateOrganization(identity_service_pb2.CreateOrganizationRequest(
            organization=org, request_id=rid()), timeout=30, metadata=self.admin).organization.name

    def member(self, organization, email):
        user = self.user(email)
        self.identity.CreateMember(identity_service_pb2.CreateMemberRequest(
            parent=organization, request_id=rid(),
            member=member_pb2.Member(user=user, title="Directeur général",
                                     role=member_pb2.Member.ROLE_MEMBER)),
            timeout=30, metadata=self.admin)
        return user


def draft(directory, company):
    """A bilateral memorandum between the agency (LEAD) and `company`."""
    organization, ceo = directory.companies[company]
    effective = datetime.date.today()
    agreement = agreement_pb2.Agreement(
        kind=agreement_pb2.Agreement.KIND_MOU,
        scope_areas=[agreement_pb2.SCOPE_AREA_STARTUP_SUPPORT],
        effective_on=date_pb2.Date(year=effective.year, month=effective.month,
                                   day=effective.day),
        duration_months=24)
    agreement.title.fr = "Mémorandum d'entente %d" % company
    agreement.title.en = "Memorandum of understanding %d" % company
    agreement.parties.add(organization=directory.agency, signatory=directory.director,
                          role=agreement_pb2.Party.ROLE_LEAD)
    agreement.parties.add(organization=organization, signatory=ceo,
                          role=agreement_pb2.Party.ROLE_PARTNER)
    return ps.CreateAgreementRequest(agreement=agreement, request_id=rid())


def in_threads(threads, work, items):
    """Runs work(item) for every item with `threads` calls in flight, each
    tried again when refused ABORTED (a serialization conflict the server's
    own retries did not resolve: the client's turn); returns (results in
    order, seconds, per-item latencies in seconds with their retries, how
    many ABORTED answers were retried)."""
    latencies = []
    aborted = [0]
    lock = threading.Lock()

    def timed(item):
        start = time.monotonic()
        while True:
            try:
                result = work(item)
                break
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.ABORTED:
                    raise
                with lock:
                    aborted[0] += 1
        with lock:
            latencies.append(time.monotonic() - start)
        return result

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(timed, items))
    return results, time.monotonic() - start, latencies, aborted[0]


def rate(count, seconds, latencies, threads, aborted):
    cuts = statistics.quantiles(latencies, n=100)
    return {"calls": count, "threads": threads, "seconds": round(seconds, 1),
            "calls_per_second": round(count / seconds, 1),
            "p50_ms": round(cuts[49] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1),
            "aborted_and_retried": aborted, "load_average": os.getloadavg()[0]}


def seed(server, directory, count):
    """`count` drafts through CreateAgreement, the companies in turn."""
    create = server.partnerships.CreateAgreement

    def one(i):
        return create(draft(directory, i % COMPANIES), timeout=60,
                      metadata=directory.officer()).agreement.name

    names, seconds, latencies, aborted = in_threads(SEED_THREADS, one, range(count))
    return names, rate(count, seconds, latencies, SEED_THREADS, aborted)


def awaiting_signatures(server, directory, count):
    """`count` agreements between the agency and company 0, submitted and
    approved: AWAITING_SIGNATURES, with their content digests."""
    stub = server.partnerships

    def one(_):
        officer = directory.officer()
        created = stub.CreateAgreement(draft(directory, 0), timeout=60,
                                       metadata=officer).agreement
        reviewed = stub.SubmitAgreementForReview(ps.SubmitAgreementForReviewRequest(
            name=created.name, etag=created.etag, request_id=rid()),
            timeout=60, metadata=officer).agreement
        frozen = stub.RequestSignatures(ps.RequestSignaturesRequest(
            name=reviewed.name, etag=reviewed.etag, request_id=rid()),
            timeout=60, metadata=officer).agreement
        return frozen.name, frozen.content_digest

    agreements, seconds, latencies, aborted = in_threads(SEED_THREADS, one, range(count))
    return agreements, rate(count, seconds, latencies, SEED_THREADS, aborted)


def sign_all(server, agreements, organization, token, expected_state):
    stub = server.partnerships
    metadata = bearer(token)

    def one(agreement):
        name, digest = agreement
        return stub.SignAgreement(ps.SignAgreementRequest(
            name=name, organization=organization, content_digest=digest,
            request_id=rid()), timeout=60, metadata=metadata).agreement.state

    states, seconds, latencies, aborted = in_threads(SIGN_THREADS, one, agreements)
    if any(state != expected_state for state in states):
        raise RuntimeError("a signature left an unexpected state")
    return rate(len(agreements), seconds, latencies, SIGN_THREADS, aborted)


def signatures(server, directory):
    """Every agreement signed by the agency (first signature), then by the
    company (the last signature: activation in the same transaction)."""
    agreements, prepared = awaiting_signatures(server, directory, SIGNATURES)
    director = directory.otp_token("director@example.ma", directory.director_codes)
    ceo = directory.otp_token("ceo-0@example.ma", directory.ceo_codes)
    return {
        "prepare_create_submit_approve": prepared,
        "first_signature": sign_all(
            server, agreements, directory.agency, director,
            agreement_pb2.Agreement.STATE_AWAITING_SIGNATURES),
        "last_signature_activates": sign_all(
            server, agreements, directory.companies[0][0], ceo,
            agreement_pb2.Agreement.STATE_ACTIVE),
    }


def write_json(name, message):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(message, f)
    return path


def bench(target, method, request, *flags, metadata, name):
    """One masar-bench invocation against the echo baseline; returns its
    JSON report."""
    report = os.path.join(OUT, "%s-%d.json" % (name, time.time_ns()))
    command = [BENCH, "--target=" + target, "--method=" + SERVICE + method,
               "--request=" + request, "--json=" + report,
               "--duration=" + DURATION, "--warmup=" + WARMUP, "--baseline",
               "--pairs=%d" % PAIRS, "--metadata=authorization: " + metadata[0][1], *flags]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(report) as f:
        return json.load(f)


def against_baseline(report):
    """Medians and the median per-pair ratio of a --baseline report."""
    results = report["results"]
    return {
        "calls_per_second": round(results["target"]["median"]["calls_per_second"]),
        "p99_ms": results["target"]["median"]["latency_us"]["p99"] / 1000,
        "baseline_calls_per_second":
            round(results["baseline"]["median"]["calls_per_second"]),
        "baseline_p99_ms": results["baseline"]["median"]["latency_us"]["p99"] / 1000,
        "ratio_calls_per_second": round(report["ratio"]["median"]["calls_per_second"], 3),
        "ratio_p99": round(report["ratio"]["median"]["p99"], 3),
        "errors": results["target"]["median"]["errors"],
        "load_average": os.getloadavg()[0],
    }


def get_agreement_hit(server, directory):
    name = server.partnerships.CreateAgreement(
        draft(directory, 0), timeout=60, metadata=directory.officer()).agreement.name
    request = write_json("get_agreement.json", {"name": name})
    return against_baseline(bench(server.address, "GetAgreement", request,
                                  "--concurrency=64", metadata=directory.officer(),
                                  name="get-agreement"))


def list_by_party(server, directory, party, label):
    request = write_json("list_%s.json" % label, {"party": party})
    return against_baseline(bench(server.address, "ListAgreements", request,
                                  "--concurrency=16", metadata=directory.officer(),
                                  name="list-" + label))


def store_figures(server, directory):
    _, seeding = seed(server, directory, AGREEMENTS)
    return {
        "seed_create_agreement": seeding,
        "list_by_company_first_page": list_by_party(
            server, directory, directory.companies[1][0], "company"),
        "list_by_agency_first_page": list_by_party(
            server, directory, directory.agency, "agency"),
        "sign_agreement": signatures(server, directory),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    summary = {"out": OUT, "load_average_at_start": os.getloadavg()[0],
               "agreements": AGREEMENTS}
    server = Masar()
    try:
        directory = Directory(server)
        summary["get_agreement_cache_hit"] = get_agreement_hit(server, directory)
        summary["sqlite"] = store_figures(server, directory)
    finally:
        server.stop()
    postgres = Postgres(durable=True)  # the SignAgreement figures are commits
    try:
        server = Masar("--database=" + postgres.url)
        try:
            summary["postgresql"] = store_figures(server, Directory(server))
        finally:
            server.stop()
    finally:
        postgres.close()
    json.dump(summary, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
