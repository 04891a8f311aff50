"""End-to-end test of `masar backup` and `masar restore`, on SQLite and on
PostgreSQL.

Users (with national identifiers) and organizations are written through
identity while `masar backup` runs; the store is destroyed and restored;
every record acknowledged before the backup began is there again, the
national identifiers (sealed, looked up by a keyed digest) and the
administrator's TOTP secret still open with the restored keys, and
VerifyAuditChain finds the chain whole against the restored checkpoints. A
damaged, incomplete or manifest-less backup is refused, naming the fault,
and leaves the store as it was; so is a restore under a running server or
over data without --replace.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from masar.identity.v1 import organization_pb2  # noqa: E402
from test_masar_serve import MASAR, Masar  # noqa: E402
import test_shared_keys  # noqa: E402
from test_shared_keys import ADMIN_EMAIL, PASSWORD, PG_BIN, KeyDir, Postgres  # noqa: E402

SERVICES = ["identity", "onboarding", "mentoring", "partnerships"]
# Records written before the backup starts (sign-ups cost an Argon2 hash
# each: counted, not timed, so a loaded machine only makes the test slower),
# and after it ends.
RECORDS_BEFORE = 40
RECORDS_AFTER = 4


def run_masar(*args):
    return subprocess.run([MASAR, *args], capture_output=True, text=True, timeout=300)


def tree_digest(path):
    """SHA-256 of every file under `path` but the lock, by relative name."""
    digests = {}
    for root, _, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            if name == "masar.lock":
                continue
            with open(full, "rb") as f:
                digests[os.path.relpath(full, path)] = hashlib.sha256(f.read()).hexdigest()
    return digests


class Writer(threading.Thread):
    """Signs up users and creates organizations until stopped, recording
    each acknowledged record with the monotonic time of its acknowledgement."""

    def __init__(self, stub, admin):
        super().__init__(daemon=True)
        self.stub = stub
        self.admin = admin
        self.stop = threading.Event()
        self.acknowledged = []  # (time, kind, name, national_id)
        self.errors = []

    def run(self):
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                self.write(i)
            except grpc.RpcError as error:
                self.errors.append("%s: %s" % (error.code(), error.details()))

    def write(self, i):
        national_id = "BE%06d" % i
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Amina %d" % i
        request.user.email = "user%d@example.ma" % i
        request.user.preferred_language = 2  # LANGUAGE_FR
        request.user.national_id = national_id
        # Each sign-up from its own client behind a trusted proxy: sign-ups
        # are throttled per client address.
        source = [("x-forwarded-for", "10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255))]
        user = self.stub.CreateUser(request, timeout=30, metadata=source).user
        self.acknowledged.append((time.monotonic(), "user", user.name, national_id))
        if i % 2 == 0:
            org = organization_pb2.Organization(
                kind=organization_pb2.Organization.KIND_STARTUP, country="FR")
            org.display_name.fr = "Jeune pousse %d" % i
            created = self.stub.CreateOrganization(
                identity_service_pb2.CreateOrganizationRequest(
                    organization=org, request_id=str(uuid.uuid4())),
                timeout=30, metadata=self.admin).organization
            self.acknowledged.append((time.monotonic(), "organization", created.name, None))


class BackupScenario:
    """The scenario, run by a subclass that says where the store is."""

    def store_flags(self):
        raise NotImplementedError

    def destroy_store(self):
        raise NotImplementedError

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="masar-backup-e2e-")
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)
        self.data_dir = os.path.join(self.work, "data")
        self.backup_dir = os.path.join(self.work, "backup")

    def serve(self, bootstrap=False):
        env = dict(os.environ)
        if bootstrap:
            env.update(MASAR_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
                       MASAR_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD)
        server = Masar(*self.store_flags(), "--audit-checkpoint-interval=1s",
                       "--trusted-proxies=127.0.0.1/32",
                       data_dir=self.data_dir, env=env)
        self.addCleanup(server.close)
        return server, identity_service_pb2_grpc.IdentityServiceStub(server.channel)

    def stop(self, server):
        code, _ = server.signal_and_wait(signal.SIGTERM, 30)
        self.assertEqual(code, 0, server.log())

    def admin(self, stub, codes=None):
        """The bootstrap administrator's metadata, signed in with MFA
        (enrolled first when `codes` is None); returns (metadata, codes)."""
        if codes is None:
            codes = test_shared_keys.SharedKeysTest.enrol_admin(self, stub)
        return test_shared_keys.SharedKeysTest.sign_in_admin(self, stub, codes), codes

    def wait_for(self, writer, records):
        deadline = time.monotonic() + 120
        while len(writer.acknowledged) < records and not writer.errors:
            self.assertLess(time.monotonic(), deadline, "the writer is stuck")
            time.sleep(0.05)

    def backup_under_load(self, stub, admin):
        """Returns (records acknowledged before the backup began, backup
        output)."""
        writer = Writer(stub, admin)
        writer.start()
        self.wait_for(writer, RECORDS_BEFORE)
        began = time.monotonic()
        result = run_masar("backup", "--to", self.backup_dir, "--data-dir", self.data_dir,
                           *self.store_flags())
        self.wait_for(writer, len(writer.acknowledged) + RECORDS_AFTER)
        writer.stop.set()
        writer.join(timeout=60)
        self.last_writer = writer
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(writer.errors, [], "writes succeed during the backup")
        before = [r for r in writer.acknowledged if r[0] < began]
        self.assertGreaterEqual(len(before), RECORDS_BEFORE)
        self.assertGreater(len(writer.acknowledged), len(before),
                           "the writer went on through the backup")
        return before, result.stdout

    def restore(self, backup_dir, *flags):
        return run_masar("restore", "--from", backup_dir, "--data-dir", self.data_dir,
                         *self.store_flags(), *flags)

    def assert_refused(self, result, *fragments):
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("refusing to restore", result.stderr)
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)

    def damaged_copy(self, name, damage):
        """A copy of the backup, writable, with `damage(path)` applied."""
        path = os.path.join(self.work, name)
        shutil.copytree(self.backup_dir, path)
        for root, dirs, files in os.walk(path):
            for entry in dirs + files:
                os.chmod(os.path.join(root, entry), 0o700)
        damage(path)
        return path

    def assert_damaged_backups_refused(self):
        def flip(path):
            target = os.path.join(path, "stores", self.store_file("identity"))
            with open(target, "r+b") as f:
                f.seek(os.path.getsize(target) // 2)
                byte = f.read(1)
                f.seek(-1, os.SEEK_CUR)
                f.write(bytes([byte[0] ^ 0x01]))

        def remove_key(path):
            keys = os.path.join(path, "data-dir-keys")
            os.remove(os.path.join(keys, sorted(os.listdir(keys))[0]))

        def remove_manifest(path):
            os.remove(os.path.join(path, "manifest.json"))

        flipped = self.damaged_copy("flipped", flip)
        self.assert_refused(self.restore(flipped, "--replace"), "damaged",
                            "stores/" + self.store_file("identity"), "SHA-256")
        removed = self.damaged_copy("removed", remove_key)
        self.assert_refused(self.restore(removed, "--replace"), "incomplete",
                            "data-dir-keys/")
        without = self.damaged_copy("without-manifest", remove_manifest)
        self.assert_refused(self.restore(without, "--replace"), "no manifest.json")

    def assert_restored(self, stub, admin, before):
        for _, kind, name, national_id in before:
            if kind == "user":
                user = stub.GetUser(identity_service_pb2.GetUserRequest(name=name),
                                    timeout=30, metadata=admin).user
                self.assertEqual(user.national_id_masked,
                                 national_id[:2] + "****" + national_id[-2:])
            else:
                stub.GetOrganization(identity_service_pb2.GetOrganizationRequest(name=name),
                                     timeout=30, metadata=admin)
        # The lookup key came back: a national id is found by its digest.
        _, _, name, national_id = next(r for r in before if r[1] == "user")
        found = stub.ListUsers(identity_service_pb2.ListUsersRequest(
            national_id=national_id), timeout=30, metadata=admin).users
        self.assertEqual([u.name for u in found], [name])
        verification = stub.VerifyAuditChain(identity_service_pb2.VerifyAuditChainRequest(),
                                             timeout=60, metadata=admin).verification
        self.assertTrue(verification.valid, verification.problem)
        self.assertGreater(verification.checkpoint_sequence, 0,
                           "checked against a restored checkpoint")

    def test_backup_under_load_then_restore_after_the_store_is_destroyed(self):
        server, stub = self.serve(bootstrap=True)
        admin, codes = self.admin(stub)
        before, output = self.backup_under_load(stub, admin)
        print("\n%s: %d records acknowledged before the backup; %s"
              % (type(self).__name__, len(before), output.strip()), file=sys.stderr)
        self.assertEqual(os.stat(self.backup_dir).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(os.path.join(self.backup_dir, "manifest.json")).st_mode
                         & 0o777, 0o400)

        # A restore under a running server is refused.
        self.assert_refused(self.restore(self.backup_dir, "--replace"), "is serving from")
        self.stop(server)
        self.destroy_store()

        restored = self.restore(self.backup_dir)
        self.assertEqual(restored.returncode, 0, restored.stdout + restored.stderr)
        # Over data, only with --replace; damaged backups never.
        self.assert_refused(self.restore(self.backup_dir), "--replace")
        untouched = tree_digest(self.data_dir)
        self.assert_damaged_backups_refused()
        self.assertEqual(tree_digest(self.data_dir), untouched,
                         "a refused restore changes nothing")

        server, stub = self.serve()
        # The TOTP secret opens with the restored keys.
        admin, _ = self.admin(stub, codes)
        self.assert_restored(stub, admin, before)


class SqliteBackupTest(BackupScenario, unittest.TestCase):
    def store_flags(self):
        return []

    def store_file(self, service):
        return service + ".sqlite"

    def destroy_store(self):
        shutil.rmtree(self.data_dir)

    def test_keys_of_a_keys_dir_are_checked_not_written(self):
        keys = KeyDir()
        self.addCleanup(keys.dir.cleanup)
        keys_flag = "--keys-dir=" + keys.path
        server = Masar("--services=identity", keys_flag, data_dir=self.data_dir)
        self.addCleanup(server.close)
        result = run_masar("backup", "--to", self.backup_dir, "--data-dir", self.data_dir,
                           "--services=identity", keys_flag)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--keys-dir included", result.stdout)
        self.stop(server)
        self.destroy_store()

        self.assert_refused(self.restore(self.backup_dir), "taken with --keys-dir",
                            "keys-dir/")
        other = keys.copy()
        self.addCleanup(other.dir.cleanup)
        other.remove("totp", "2026-01")
        other.add("totp", "2026-01")
        self.assert_refused(self.restore(self.backup_dir, "--keys-dir=" + other.path),
                            "holds another key totp.2026-01")
        self.assertFalse(os.path.exists(os.path.join(self.data_dir, "identity.sqlite")))
        restored = self.restore(self.backup_dir, keys_flag)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        server = Masar("--services=identity", keys_flag, data_dir=self.data_dir)
        self.addCleanup(server.close)


class PostgresBackupTest(BackupScenario, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.postgres = Postgres()
        self.addCleanup(self.postgres.close)

    def store_flags(self):
        return ["--database=" + self.postgres.url]

    def store_file(self, service):
        return service + ".pgdump"

    def psql(self, sql):
        subprocess.run([PG_BIN + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        "--dbname=" + self.postgres.url, "-c", sql],
                       check=True, capture_output=True, timeout=60)

    def destroy_store(self):
        self.psql("".join('DROP SCHEMA "%s" CASCADE;' % s for s in SERVICES))
        shutil.rmtree(self.data_dir)

    def test_a_failing_schema_rolls_every_schema_back(self):
        server, stub = self.serve(bootstrap=True)
        admin, codes = self.admin(stub)
        self.backup_under_load(stub, admin)
        # Written after the backup: gone if anything were restored.
        everything = self.last_writer.acknowledged
        self.stop(server)

        # Identity's archive in partnerships' place, with a manifest that
        # agrees: identity's schema is dropped and recreated, then creating
        # it again fails inside the one transaction, which rolls back.
        def forge(path):
            stores = os.path.join(path, "stores")
            shutil.copyfile(os.path.join(stores, "identity.pgdump"),
                            os.path.join(stores, "partnerships.pgdump"))
            manifest = os.path.join(path, "manifest.json")
            with open(manifest) as f:
                data = json.load(f)
            identity = next(e for e in data["files"] if e["path"] == "stores/identity.pgdump")
            for entry in data["files"]:
                if entry["path"] == "stores/partnerships.pgdump":
                    entry["size"], entry["sha256"] = identity["size"], identity["sha256"]
            with open(manifest, "w") as f:
                json.dump(data, f)

        forged = self.damaged_copy("forged", forge)
        untouched = tree_digest(self.data_dir)
        result = self.restore(forged, "--replace")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("rolled back, nothing was changed", result.stderr)
        self.assertIn("psql failed", result.stderr)
        self.assertEqual(tree_digest(self.data_dir), untouched)
        server, stub = self.serve()
        admin, _ = self.admin(stub, codes)
        self.assert_restored(stub, admin, everything)

if __name__ == "__main__":
    unittest.main()
