"""End-to-end tests of `masar serve`, driven by Python grpcio clients.

The stubs are generated from protos/ and Debian's grpc-proto files: the
server is called the way an agency system that shares none of our code would.
"""

import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

# grpcio owns the `grpc` package; let it also find the health and reflection
# stubs generated under the same package name.
grpc.__path__.append(os.path.join(os.environ["MASAR_PY_STUBS"], "grpc"))
from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from grpc.reflection.v1alpha import reflection_pb2, reflection_pb2_grpc  # noqa: E402
from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402

MASAR = os.environ["MASAR_BIN"]
ALL_SERVICES = {
    "identity": "masar.identity.v1.IdentityService",
    "onboarding": "masar.onboarding.v1.OnboardingService",
    "mentoring": "masar.mentoring.v1.MentoringService",
    "partnerships": "masar.partnerships.v1.PartnershipService",
}
PLATFORM_SERVICES = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}


class Masar:
    """A `masar serve` process on a free loopback port."""

    def __init__(self, *flags, data_dir=None, env=None):
        self.data_dir = tempfile.TemporaryDirectory()
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [MASAR, "serve", "--port=0", "--data-dir=" + (data_dir or self.data_dir.name),
             *flags],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True, env=env)
        line = self.process.stdout.readline()
        if not line.startswith("masar listening on "):
            self.stop()
            raise AssertionError("no listening line, got %r: %s" % (line, self.log()))
        self.address = line.split()[-1]
        self.channel = grpc.insecure_channel(self.address)

    def log(self):
        self.stderr.seek(0)
        return self.stderr.read().decode()

    def health(self, service):
        stub = health_pb2_grpc.HealthStub(self.channel)
        return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=10).status

    def reflected_services(self):
        stub = reflection_pb2_grpc.ServerReflectionStub(self.channel)
        responses = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10)
        return {s.name for r in responses for s in r.list_services_response.service}

    def signal_and_wait(self, signum, timeout):
        start = time.monotonic()
        self.process.send_signal(signum)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - start

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def close(self):
        if hasattr(self, "channel"):
            self.channel.close()
        self.stop()
        self.stderr.close()
        self.data_dir.cleanup()


class MasarServeTest(unittest.TestCase):
    def start(self, *flags):
        server = Masar(*flags)
        self.addCleanup(server.close)
        return server

    def test_all_services_are_serving_and_reflected(self):
        server = self.start()
        self.assertEqual(server.health(""), health_pb2.HealthCheckResponse.SERVING)
        for name in ALL_SERVICES.values():
            self.assertEqual(server.health(name), health_pb2.HealthCheckResponse.SERVING, name)
        self.assertEqual(server.reflected_services(),
                         set(ALL_SERVICES.values()) | PLATFORM_SERVICES)

    def test_reflection_describes_every_listed_service(self):
        server = self.start()
        stub = reflection_pb2_grpc.ServerReflectionStub(server.channel)
        for name in server.reflected_services():
            request = reflection_pb2.ServerReflectionRequest(file_containing_symbol=name)
            (response,) = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
            self.assertEqual(response.WhichOneof("message_response"),
                             "file_descriptor_response", name)

    def test_services_flag_hosts_exactly_what_it_names(self):
        server = self.start("--services=identity,partnerships")
        hosted = {ALL_SERVICES["identity"], ALL_SERVICES["partnerships"]}
        self.assertEqual(server.reflected_services(), hosted | PLATFORM_SERVICES)
        for name in ALL_SERVICES.values():
            if name in hosted:
                self.assertEqual(server.health(name), health_pb2.HealthCheckResponse.SERVING)
            else:
                with self.assertRaises(grpc.RpcError) as error:
                    server.health(name)
                self.assertEqual(error.exception.code(), grpc.StatusCode.NOT_FOUND)
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        # Onboarding is not hosted here: its methods do not exist.
        onboarding = server.channel.unary_unary(
            "/masar.onboarding.v1.OnboardingService/GetProgram")
        with self.assertRaises(grpc.RpcError) as error:
            onboarding(b"", timeout=10)
        self.assertEqual(error.exception.code(), grpc.StatusCode.UNIMPLEMENTED)
        self.assertIsNotNone(stub)

    def test_environment_configures_the_server(self):
        # Without identity here, the process needs identity's address and a
        # service account; identity being down does not stop it starting.
        # Mentoring also calls onboarding: its target is needed, not reached.
        env = dict(os.environ, MASAR_SERVICES="mentoring", MASAR_LOG_LEVEL="debug",
                   MASAR_IDENTITY_TARGET="127.0.0.1:1", MASAR_ONBOARDING_TARGET="127.0.0.1:1",
                   MASAR_SERVICE_ACCOUNT_ID="mentoring",
                   MASAR_SERVICE_ACCOUNT_SECRET="not-checked-until-identity-answers")
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        process = subprocess.Popen(
            [MASAR, "serve", "--port=0", "--data-dir=" + data_dir.name],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        self.addCleanup(process.wait)
        self.addCleanup(process.kill)
        address = process.stdout.readline().split()[-1]
        process.stdout.close()
        with grpc.insecure_channel(address) as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            responses = stub.ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10)
            names = {s.name for r in responses for s in r.list_services_response.service}
        self.assertEqual(names, {ALL_SERVICES["mentoring"]} | PLATFORM_SERVICES)

    def test_sign_up_sign_in_and_read_oneself(self):
        server = self.start()
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        users = {}
        for name in ["amina", "youssef"]:
            request = identity_service_pb2.CreateUserRequest(
                password="a long enough passphrase")
            request.user.display_name = name.title()
            request.user.email = name + "@example.ma"
            request.user.preferred_language = 2  # LANGUAGE_FR
            users[name] = stub.CreateUser(request, timeout=30).user.name
        signed_in = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email="AMINA@example.ma", password="a long enough passphrase"), timeout=30)
        bearer = [("authorization", "Bearer " + signed_in.token.access_token)]
        me = stub.GetUser(identity_service_pb2.GetUserRequest(name=users["amina"]),
                          timeout=30, metadata=bearer).user
        self.assertEqual(me.email, "amina@example.ma")
        with self.assertRaises(grpc.RpcError) as other:
            stub.GetUser(identity_service_pb2.GetUserRequest(name=users["youssef"]),
                         timeout=30, metadata=bearer)
        self.assertEqual(other.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as anonymous:
            stub.GetUser(identity_service_pb2.GetUserRequest(name=users["amina"]), timeout=30)
        self.assertEqual(anonymous.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        answers = []
        for email in ["amina@example.ma", "nobody@example.ma"]:
            with self.assertRaises(grpc.RpcError) as wrong:
                stub.Authenticate(identity_service_pb2.AuthenticateRequest(
                    email=email, password="not the passphrase"), timeout=30)
            answers.append((wrong.exception.code(), wrong.exception.details()))
        self.assertEqual(answers[0], answers[1], "no hint whether the email exists")
        self.assertEqual(answers[0][0], grpc.StatusCode.UNAUTHENTICATED)
        self.assertNotIn("amina", server.log().lower(), "no personal data in logs")
        self.assertNotIn("passphrase", server.log())

    def test_tokens_verify_with_an_independent_jwt_library(self):
        """PyJWT, sharing no code with ours, verifies an access token against
        the published JWKS; iat carries milliseconds as a NumericDate."""
        import jwt  # python3-jwt; imported here so other tests need not have it
        server = self.start()
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        request = identity_service_pb2.CreateUserRequest(password="a long enough passphrase")
        request.user.display_name = "Amina"
        request.user.email = "amina@example.ma"
        request.user.preferred_language = 2  # LANGUAGE_FR
        user = stub.CreateUser(request, timeout=30).user.name
        token = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email="amina@example.ma", password="a long enough passphrase"),
            timeout=30).token.access_token
        jwks = stub.GetJwks(identity_service_pb2.GetJwksRequest(), timeout=30)
        header = jwt.get_unverified_header(token)
        key = next(k for k in jwks.keys if k.kid == header["kid"])
        public_key = jwt.algorithms.OKPAlgorithm.from_jwk(json.dumps(
            {"kty": key.kty, "crv": key.crv, "x": key.x}))
        claims = jwt.decode(token, public_key, algorithms=["EdDSA"], audience="masar",
                            issuer="masar-identity")
        self.assertEqual(claims["sub"], user)
        self.assertIsInstance(claims["iat"], (int, float))
        self.assertLessEqual(claims["exp"] - claims["iat"], 15 * 60)
        self.assertLess(abs(claims["iat"] - time.time()), 60)
        with self.assertRaises(jwt.InvalidSignatureError):
            jwt.decode(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
                       public_key, algorithms=["EdDSA"], audience="masar")

    def test_owner_signs_in_from_a_known_device_while_others_spend_the_budget(self):
        # grpcio cannot choose its local address, so the sources here are
        # clients named by a trusted proxy (this test); the handler tests
        # use real source addresses 127.0.0.2...
        server = self.start("--trusted-proxies=127.0.0.0/8,::1/128")
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        request = identity_service_pb2.CreateUserRequest(password="a long enough passphrase")
        request.user.display_name = "Amina"
        request.user.email = "amina@example.ma"
        request.user.preferred_language = 2  # LANGUAGE_FR
        stub.CreateUser(request, timeout=30)

        def sign_in(client, password, device_token=""):
            try:
                response = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
                    email="amina@example.ma", password=password, device_token=device_token),
                    timeout=30, metadata=[("x-forwarded-for", client)])
                return grpc.StatusCode.OK, response
            except grpc.RpcError as error:
                return error.code(), None

        code, first = sign_in("198.51.100.1", "a long enough passphrase")
        self.assertEqual(code, grpc.StatusCode.OK)
        self.assertTrue(first.device_token)
        for client in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]:
            for _ in range(5):
                self.assertEqual(sign_in(client, "not the passphrase")[0],
                                 grpc.StatusCode.UNAUTHENTICATED)
        self.assertEqual(sign_in("198.51.100.2", "a long enough passphrase")[0],
                         grpc.StatusCode.RESOURCE_EXHAUSTED, "a new device is throttled")
        code, again = sign_in("198.51.100.1", "a long enough passphrase", first.device_token)
        self.assertEqual(code, grpc.StatusCode.OK, "the owner's device signs in at once")
        self.assertNotEqual(again.device_token, first.device_token)
        stolen = [sign_in("203.0.113.9", "not the passphrase", again.device_token)[0]
                  for _ in range(6)]
        self.assertEqual(stolen, [grpc.StatusCode.UNAUTHENTICATED] * 5 +
                         [grpc.StatusCode.RESOURCE_EXHAUSTED])
        self.assertNotIn(again.device_token, server.log(), "no device token in logs")

    def test_signing_keys_from_a_directory_rotate_without_breaking_tokens(self):
        keys = tempfile.TemporaryDirectory()
        self.addCleanup(keys.cleanup)
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)

        def add_key(name):
            path = os.path.join(keys.name, name)
            with open(path, "w") as f:
                f.write(os.urandom(32).hex() + "\n")
            os.chmod(path, 0o400)

        def serve():
            server = Masar("--token-signing-keys=" + keys.name, data_dir=data_dir.name)
            self.addCleanup(server.close)
            return server, identity_service_pb2_grpc.IdentityServiceStub(server.channel)

        def kid(token):
            header = token.split(".")[0]
            return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]

        add_key("2026-01-01.ed25519")
        server, stub = serve()
        request = identity_service_pb2.CreateUserRequest(password="a long enough passphrase")
        request.user.display_name = "Amina"
        request.user.email = "amina@example.ma"
        request.user.preferred_language = 2  # LANGUAGE_FR
        user = stub.CreateUser(request, timeout=30).user.name
        sign_in = identity_service_pb2.AuthenticateRequest(
            email="amina@example.ma", password="a long enough passphrase")
        old_token = stub.Authenticate(sign_in, timeout=30).token.access_token
        old_kids = [k.kid for k in stub.GetJwks(identity_service_pb2.GetJwksRequest(),
                                                timeout=10).keys]
        self.assertEqual(old_kids, [kid(old_token)])
        self.assertFalse(os.path.exists(os.path.join(data_dir.name, "keys",
                                                     "token-signing.ed25519")),
                         "no embedded key beside configured ones")
        server.close()

        # Rotation: a newer key file, then a restart.
        add_key("2026-06-01.ed25519")
        server, stub = serve()
        published = {k.kid for k in stub.GetJwks(identity_service_pb2.GetJwksRequest(),
                                                 timeout=10).keys}
        new_token = stub.Authenticate(sign_in, timeout=30).token.access_token
        self.assertEqual(len(published), 2)
        self.assertIn(kid(old_token), published)
        self.assertNotEqual(kid(new_token), kid(old_token), "the newest key signs")
        for token in [old_token, new_token]:
            me = stub.GetUser(identity_service_pb2.GetUserRequest(name=user), timeout=30,
                              metadata=[("authorization", "Bearer " + token)]).user
            self.assertEqual(me.name, user)
        server.close()

        # A key file others may read is refused, naming the file.
        os.chmod(os.path.join(keys.name, "2026-06-01.ed25519"), 0o644)
        refused = subprocess.run(
            [MASAR, "serve", "--port=0", "--data-dir=" + data_dir.name,
             "--token-signing-keys=" + keys.name],
            capture_output=True, text=True, timeout=30)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("2026-06-01.ed25519", refused.stderr)

    def test_oversized_message_is_refused_and_server_carries_on(self):
        server = self.start("--max-message-bytes=65536")
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        big = identity_service_pb2.GetUserRequest(name="users/" + "x" * 70000)
        with self.assertRaises(grpc.RpcError) as error:
            stub.GetUser(big, timeout=10)
        self.assertEqual(error.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertEqual(server.health(""), health_pb2.HealthCheckResponse.SERVING)

    def test_sigterm_drains_and_exits_zero_within_the_drain_timeout(self):
        server = self.start("--drain-timeout=3s")
        # A Watch stream stays in flight until the server cancels it at the
        # end of the drain; it must see NOT_SERVING first.
        watch = health_pb2_grpc.HealthStub(server.channel).Watch(
            health_pb2.HealthCheckRequest(service=ALL_SERVICES["identity"]), timeout=60)
        self.assertEqual(next(watch).status, health_pb2.HealthCheckResponse.SERVING)
        seen = []
        reader = threading.Thread(target=lambda: seen.extend(_drain(watch)))
        reader.start()
        code, elapsed = server.signal_and_wait(signal.SIGTERM, timeout=30)
        reader.join(timeout=30)
        self.assertEqual(code, 0, server.log())
        self.assertLess(elapsed, 3 + 10, "exit within the drain timeout, with a margin")
        self.assertIn(health_pb2.HealthCheckResponse.NOT_SERVING, seen)
        messages = [json.loads(line)["msg"] for line in server.log().splitlines()]
        self.assertIn("draining", messages)
        self.assertIn("stopped", messages)

    def test_sigint_without_calls_exits_zero_at_once(self):
        server = self.start("--drain-timeout=30s")
        code, elapsed = server.signal_and_wait(signal.SIGINT, timeout=30)
        self.assertEqual(code, 0, server.log())
        self.assertLess(elapsed, 10, "nothing in flight: no wait for the drain timeout")

    def test_logs_are_json_lines_with_an_access_line_per_call(self):
        server = self.start()
        server.health("")
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        with self.assertRaises(grpc.RpcError):
            stub.GetUser(identity_service_pb2.GetUserRequest(name="users/1"),
                         timeout=10, metadata=[("x-request-id", "e2e-req-1")])
        server.signal_and_wait(signal.SIGTERM, timeout=30)
        lines = [json.loads(line) for line in server.log().splitlines()]
        calls = [l for l in lines if l["msg"] == "call"]
        self.assertTrue(any(l["request_id"] == "e2e-req-1" and
                            l["method"] == "/masar.identity.v1.IdentityService/GetUser"
                            for l in calls), calls)
        for line in lines:
            self.assertIn("ts", line)
            self.assertIn("level", line)
        for call in calls:  # generated when the caller sent none
            self.assertTrue(call["request_id"], call)
            self.assertRegex(call["trace_id"], r"^[0-9a-f]{32}$")

    def test_bad_configuration_is_refused_clearly(self):
        cases = [
            (["--services=billing"], "billing"),
            (["--services=identity,identity"], "twice"),
            (["--port=70000"], "--port"),
            (["--drain-timeout=soon"], "--drain-timeout"),
            (["--database=mysql://db"], "--database"),
            (["--services=onboarding"], "--identity-target"),
            (["--services=onboarding", "--identity-target=identity:7001"],
             "--partnerships-target"),
            (["--services=mentoring,identity"], "--onboarding-target"),
            (["--services=onboarding", "--identity-target=identity:7001",
              "--partnerships-target=dns:///partnerships:7001"],
             "--service-account"),
            (["--identity-target=identity"], "--identity-target"),
            (["--keys-dir=/nonexistent/keys"], "--keys-dir"),
        ]
        for flags, expected in cases:
            with self.subTest(flags=flags):
                result = subprocess.run([MASAR, "serve", "--port=0", *flags],
                                        capture_output=True, text=True, timeout=30)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(expected, result.stdout + result.stderr)

    def test_migrate_then_serve_without_migrating(self):
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        refused = subprocess.run(
            [MASAR, "serve", "--port=0", "--migrate=false", "--data-dir", data_dir.name],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(refused.returncode, 2)
        self.assertIn("masar migrate", refused.stderr)
        migrated = subprocess.run(
            [MASAR, "migrate", "--services=identity,partnerships", "--data-dir", data_dir.name],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(migrated.returncode, 0, migrated.stderr)
        for service in ["identity", "partnerships"]:
            self.assertTrue(os.path.exists(os.path.join(data_dir.name, service + ".sqlite")))
        server = Masar("--migrate=false", "--services=identity,partnerships",
                       data_dir=data_dir.name)
        self.addCleanup(server.close)
        self.assertEqual(server.health(ALL_SERVICES["identity"]),
                         health_pb2.HealthCheckResponse.SERVING)

    def test_audit_checkpoint_key_is_private_to_the_owner(self):
        server = self.start("--audit-checkpoint-interval=1s")
        key = os.path.join(server.data_dir.name, "keys", "audit-checkpoint.ed25519")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(os.path.dirname(key)).st_mode & 0o777, 0o700)

    def test_taken_port_is_refused_clearly(self):
        server = self.start()
        port = server.address.rsplit(":", 1)[1]
        result = subprocess.run([MASAR, "serve", "--port=" + port, "--data-dir",
                                 server.data_dir.name],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot listen", result.stderr)

    def test_version_and_help(self):
        version = subprocess.run([MASAR, "version"], capture_output=True, text=True, timeout=30)
        self.assertEqual(version.returncode, 0)
        self.assertRegex(version.stdout, r"^masar \d+\.\d+\.\d+")
        help_text = subprocess.run([MASAR, "serve", "--help"], capture_output=True,
                                   text=True, timeout=30).stdout
        for flag in ["--services", "--port", "--data-dir", "--redis", "--database",
                     "--drain-timeout", "MASAR_PORT", "--identity-target",
                     "MASAR_IDENTITY_TARGET", "--service-account-secret-file",
                     "--keys-dir", "MASAR_KEYS_DIR"]:
            self.assertIn(flag, help_text)


def _drain(stream):
    statuses = []
    try:
        for response in stream:
            statuses.append(response.status)
    except grpc.RpcError:
        pass  # cancelled by the server at the end of the drain
    return statuses


if __name__ == "__main__":
    unittest.main()
