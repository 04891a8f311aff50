"""End-to-end test of the keys replicas share: two `masar serve` processes
hosting identity over one PostgreSQL database.

With the same `--keys-dir`, a TOTP secret enrolled through one replica
verifies through the other, and a national identifier written through one is
read masked, found and refused as a duplicate through the other. A replica
with other keys refuses to start, naming the key and the flag. A rotation
keeps old values readable, and `masar reseal` lets the old keys go.
"""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from test_masar_serve import MASAR, Masar  # noqa: E402
from test_split_deployment import free_port, totp  # noqa: E402

ADMIN_EMAIL = "admin@example.ma"
PASSWORD = "a long enough passphrase"
KINDS = ["totp", "national-id", "national-id-lookup", "audit-checkpoint", "token-signing"]
PG_BIN = os.environ.get("MASAR_POSTGRES_BIN", "/usr/lib/postgresql/15/bin")


class Postgres:
    """A throwaway PostgreSQL cluster on a free loopback port (as the
    `postgres` user when run as root, since initdb refuses root); fsync off
    unless `durable` (benchmarks of commits want it on)."""

    def __init__(self, durable=False):
        self.dir = tempfile.mkdtemp(prefix="masar-pg-e2e-")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.run(PG_BIN + "/initdb", "-D", self.data, "-U", "masar", "--auth=trust",
                 "--encoding=UTF8", "--locale=C", *([] if durable else ["--no-sync"]))
        self.port = free_port()
        self.run(PG_BIN + "/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "log"),
                 "-w", "-o", "-p %d -k %s -c listen_addresses=127.0.0.1%s"
                 % (self.port, self.dir, "" if durable else " -c fsync=off"), "start")
        self.url = "postgresql://masar@127.0.0.1:%d/postgres" % self.port

    def run(self, *args):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run(prefix + list(args), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)

    def close(self):
        try:
            self.run(PG_BIN + "/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class KeyDir:
    """A key directory as a mounted Secret holds it: <kind>.<label> files of
    64 hex digits, mode 0400."""

    def __init__(self, label="2026-01"):
        self.dir = tempfile.TemporaryDirectory()
        self.path = self.dir.name
        for kind in KINDS:
            self.add(kind, label)

    def add(self, kind, label):
        path = os.path.join(self.path, "%s.%s" % (kind, label))
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400), "w") as f:
            f.write(os.urandom(32).hex() + "\n")

    def copy(self):
        other = KeyDir.__new__(KeyDir)
        other.dir = tempfile.TemporaryDirectory()
        other.path = other.dir.name
        for name in os.listdir(self.path):
            shutil.copy2(os.path.join(self.path, name), other.path)
        return other

    def remove(self, kind, label):
        os.remove(os.path.join(self.path, "%s.%s" % (kind, label)))


class Codes:
    """TOTP codes for one secret, each at a later time step than the last one
    used (the server accepts a step once, within one step of now)."""

    def __init__(self, secret):
        self.secret = secret
        self.last = None

    def next(self):
        step = int(time.time() // 30)
        if self.last is not None and self.last + 1 > step:
            if self.last + 1 > step + 1:
                time.sleep((self.last * 30) - time.time() + 0.5)
            step = self.last + 1
        self.last = step
        return totp(self.secret, step * 30)


class SharedKeysTest(unittest.TestCase):
    def setUp(self):
        self.postgres = Postgres()
        self.addCleanup(self.postgres.close)
        self.keys = KeyDir()
        self.addCleanup(self.keys.dir.cleanup)

    def replica(self, keys=None, bootstrap=False):
        env = dict(os.environ)
        if bootstrap:
            env.update(MASAR_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
                       MASAR_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD)
        server = Masar("--services=identity", "--database=" + self.postgres.url,
                       "--keys-dir=" + (keys or self.keys).path, env=env)
        self.addCleanup(server.close)
        return server, identity_service_pb2_grpc.IdentityServiceStub(server.channel)

    def refused(self, *flags):
        """Runs `masar serve` on the shared database; returns its stderr,
        failing unless it exits non-zero at start."""
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        result = subprocess.run(
            [MASAR, "serve", "--port=0", "--services=identity", "--data-dir=" + data_dir.name,
             "--database=" + self.postgres.url, *flags],
            capture_output=True, text=True, timeout=60)
        self.assertNotEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn("masar listening", result.stdout)
        return result.stderr

    def enrol_admin(self, stub):
        """The bootstrap administrator enrols TOTP; returns its codes."""
        first = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=ADMIN_EMAIL, password=PASSWORD), timeout=30).token
        bearer = [("authorization", "Bearer " + first.access_token)]
        begun = stub.BeginMfaEnrollment(identity_service_pb2.BeginMfaEnrollmentRequest(
            name=first.sub, request_id=str(uuid.uuid4())), timeout=30, metadata=bearer)
        codes = Codes(begun.secret)
        stub.ConfirmMfaEnrollment(identity_service_pb2.ConfirmMfaEnrollmentRequest(
            name=first.sub, code=codes.next(), request_id=str(uuid.uuid4())),
            timeout=30, metadata=bearer)
        return codes

    def sign_in_admin(self, stub, codes):
        """Password then OTP; returns the admin's metadata."""
        challenge = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=ADMIN_EMAIL, password=PASSWORD), timeout=30).mfa_challenge
        self.assertTrue(challenge.mfa_ticket, "MFA is asked for")
        token = stub.VerifyMfaChallenge(identity_service_pb2.VerifyMfaChallengeRequest(
            mfa_ticket=challenge.mfa_ticket, code=codes.next()), timeout=30).token
        return [("authorization", "Bearer " + token.access_token)]

    def create_user(self, stub, email, national_id):
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Amina"
        request.user.email = email
        request.user.preferred_language = 2  # LANGUAGE_FR
        request.user.national_id = national_id
        return stub.CreateUser(request, timeout=30).user

    def find(self, stub, admin, national_id):
        return [u.name for u in stub.ListUsers(identity_service_pb2.ListUsersRequest(
            national_id=national_id), timeout=30, metadata=admin).users]

    def assert_duplicate_refused(self, stub, email, national_id):
        with self.assertRaises(grpc.RpcError) as raised:
            self.create_user(stub, email, national_id)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.ALREADY_EXISTS)
        self.assertIn("national identifier", raised.exception.details())

    def test_replicas_with_the_same_keys_read_each_others_values(self):
        a, stub_a = self.replica(bootstrap=True)
        b, stub_b = self.replica()
        # MFA enrolled through A verifies through B.
        codes = self.enrol_admin(stub_a)
        admin = self.sign_in_admin(stub_b, codes)
        # A national id written through A: masked, found and unique through B.
        user = self.create_user(stub_a, "amina@example.ma", "ab123456")
        read = stub_b.GetUser(identity_service_pb2.GetUserRequest(name=user.name),
                              timeout=30, metadata=admin).user
        self.assertEqual(read.national_id_masked, "AB****56")
        self.assertEqual(read.national_id, "")
        self.assertEqual(self.find(stub_b, admin, "AB123456"), [user.name])
        self.assertEqual(self.find(stub_b, admin, "AB123457"), [])
        self.assert_duplicate_refused(stub_b, "other@example.ma", "AB123456")
        for server in (a, b):
            self.assertNotIn("AB123456", server.log().upper(), "national ids are never logged")
        # A session ended through B in the second its token was issued through
        # A ends on both replicas (issue: same-second tokens survived).
        self.assert_same_second_disable_ends_the_token(stub_a, stub_b, admin)

    def assert_same_second_disable_ends_the_token(self, stub_a, stub_b, admin):
        for attempt in range(5):
            while time.time() % 1 > 0.3:  # start early in a second
                time.sleep(0.01)
            second = int(time.time())
            user = self.create_user(stub_a, "fatima%d@example.ma" % attempt, "")
            token = stub_a.Authenticate(identity_service_pb2.AuthenticateRequest(
                email=user.email, password=PASSWORD), timeout=30).token.access_token
            stub_b.DisableUser(identity_service_pb2.DisableUserRequest(name=user.name),
                               timeout=30, metadata=admin)
            if int(time.time()) == second:
                break
        else:
            self.fail("could not sign in and disable within one second")

        def codes():
            result = []
            for stub in (stub_a, stub_b):
                try:
                    stub.GetUser(identity_service_pb2.GetUserRequest(name=user.name),
                                 timeout=10, metadata=[("authorization", "Bearer " + token)])
                    result.append(grpc.StatusCode.OK)
                except grpc.RpcError as error:
                    result.append(error.code())
            return result
        # Without Redis, the other replica learns it from its 1 s poll of the
        # store: a generous bound.
        deadline = time.monotonic() + 10
        while codes() != [grpc.StatusCode.UNAUTHENTICATED] * 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(codes(), [grpc.StatusCode.UNAUTHENTICATED] * 2)

    def test_a_replica_with_other_keys_refuses_to_start(self):
        a, stub_a = self.replica(bootstrap=True)
        # Another totp key, the rest the same.
        other = self.keys.copy()
        self.addCleanup(other.dir.cleanup)
        os.remove(os.path.join(other.path, "totp.2026-01"))
        other.add("totp", "2026-01")
        message = self.refused("--keys-dir=" + other.path)
        self.assertIn("totp", message)
        self.assertIn("--keys-dir", message)
        self.assertIn("MASAR_KEYS_DIR", message)
        # Keys generated under a replica's own --data-dir differ as well.
        message = self.refused()
        self.assertIn("--keys-dir", message)
        # The first replica still serves.
        self.assertEqual(len(stub_a.GetJwks(identity_service_pb2.GetJwksRequest(),
                                            timeout=10).keys), 1)

    def test_rotation_keeps_old_values_readable_and_reseal_retires_old_keys(self):
        a, stub_a = self.replica(bootstrap=True)
        codes = self.enrol_admin(stub_a)
        user = self.create_user(stub_a, "amina@example.ma", "AB123456")
        a.close()

        # Rotation: newer sealing and lookup keys, both replicas restarted.
        for kind in ["totp", "national-id", "national-id-lookup"]:
            self.keys.add(kind, "2026-06")
        a, stub_a = self.replica()
        b, stub_b = self.replica()
        admin = self.sign_in_admin(stub_b, codes)  # a secret sealed before
        self.assertEqual(self.find(stub_a, admin, "AB123456"), [user.name])
        self.assert_duplicate_refused(stub_b, "other@example.ma", "AB123456")
        newer = self.create_user(stub_a, "badr@example.ma", "CD654321")
        self.assertEqual(self.find(stub_b, admin, "CD654321"), [newer.name])
        a.close()
        b.close()

        # Dropping the old key before a re-seal would strand its values.
        with open(os.path.join(self.keys.path, "totp.2026-01")) as f:
            old_totp = f.read()
        self.keys.remove("totp", "2026-01")
        self.assertIn("totp", self.refused("--keys-dir=" + self.keys.path))
        path = os.path.join(self.keys.path, "totp.2026-01")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o400), "w") as f:
            f.write(old_totp)

        resealed = subprocess.run(
            [MASAR, "reseal", "--services=identity", "--database=" + self.postgres.url,
             "--keys-dir=" + self.keys.path], capture_output=True, text=True, timeout=120)
        self.assertEqual(resealed.returncode, 0, resealed.stdout + resealed.stderr)
        self.assertIn("values re-sealed", resealed.stdout)
        self.assertNotIn("unreadable", resealed.stdout)
        for kind in ["totp", "national-id", "national-id-lookup"]:
            self.keys.remove(kind, "2026-01")

        # Only the new keys now: everything still opens and is found.
        a, stub_a = self.replica()
        admin = self.sign_in_admin(stub_a, codes)
        self.assertEqual(self.find(stub_a, admin, "AB123456"), [user.name])
        self.assert_duplicate_refused(stub_a, "third@example.ma", "AB123456")
        read = stub_a.GetUser(identity_service_pb2.GetUserRequest(name=user.name),
                              timeout=30, metadata=admin).user
        self.assertEqual(read.national_id_masked, "AB****56")


if __name__ == "__main__":
    unittest.main()
