"""End-to-end tests of TLS and mutual TLS (`--tls-cert`, `--tls-key`,
`--tls-ca`, `--peer-tls-ca`), with certificates the test makes with openssl.

Under mutual TLS only a client holding a certificate of the configured CA
gets through; a certificate replaced on disk is served without a restart; a
process that does not host identity fetches identity's keys over TLS with
its own client certificate.
"""

import hashlib
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402

grpc.__path__.append(os.path.join(os.environ["MASAR_PY_STUBS"], "grpc"))
from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402
from test_masar_serve import Masar  # noqa: E402

PASSWORD = "a long enough passphrase"


class Pki:
    """Certificate authorities and the certificates they issue (P-256, two
    days), as PEM files in a temporary directory."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.count = 0

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=60)

    def ca(self, name):
        self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-nodes", "-keyout", self.path(name + ".key"), "-out", self.path(name + ".pem"),
                     "-days", "2", "-subj", "/CN=" + name,
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return name

    def issue(self, ca, name):
        """A certificate for `name` (also valid for localhost and 127.0.0.1,
        as a server and as a client); returns (cert path, key path)."""
        self.count += 1
        key, csr, cert = (self.path("%s-%d.%s" % (name, self.count, ext))
                          for ext in ("key", "csr", "pem"))
        ext = self.path("%s-%d.ext" % (name, self.count))
        with open(ext, "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                    "extendedKeyUsage=serverAuth,clientAuth\n")
        self.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", key, "-out", csr, "-subj", "/CN=" + name)
        self.openssl("x509", "-req", "-in", csr, "-CA", self.path(ca + ".pem"),
                     "-CAkey", self.path(ca + ".key"), "-CAcreateserial", "-days", "2",
                     "-extfile", ext, "-out", cert)
        return cert, key

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()


def port_of(address):
    return int(address.rsplit(":", 1)[1])


class TlsTest(unittest.TestCase):
    def setUp(self):
        self.pki = Pki()
        self.addCleanup(self.pki.dir.cleanup)
        self.ca = self.pki.ca("masar-ca")
        self.other_ca = self.pki.ca("other-ca")
        cert, key = self.pki.issue(self.ca, "identity")
        # The server reads the files at these paths, rotated in place.
        self.cert, self.key = self.pki.path("server.pem"), self.pki.path("server.key")
        os.replace(cert, self.cert)
        os.replace(key, self.key)

    def serve(self, *flags):
        server = Masar("--services=identity", "--tls-cert=" + self.cert, "--tls-key=" + self.key,
                       *flags)
        self.addCleanup(server.close)
        return server

    def channel(self, server, root_ca, client=None):
        credentials = grpc.ssl_channel_credentials(
            root_certificates=self.pki.read(self.pki.path(root_ca + ".pem")),
            private_key=self.pki.read(client[1]) if client else None,
            certificate_chain=self.pki.read(client[0]) if client else None)
        channel = grpc.secure_channel("localhost:%d" % port_of(server.address), credentials)
        self.addCleanup(channel.close)
        return channel

    def health_code(self, channel):
        try:
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
            return grpc.StatusCode.OK
        except grpc.RpcError as error:
            return error.code()

    def served_certificate(self, server, client):
        """SHA-256 of the certificate the server presents to a new
        connection."""
        context = ssl.create_default_context(cafile=self.pki.path(self.ca + ".pem"))
        context.load_cert_chain(client[0], client[1])
        context.set_alpn_protocols(["h2"])
        with socket.create_connection(("127.0.0.1", port_of(server.address)), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()

    def test_mutual_tls_admits_only_clients_holding_a_certificate_of_the_ca(self):
        server = self.serve("--tls-ca=" + self.pki.path(self.ca + ".pem"))
        client = self.pki.issue(self.ca, "onboarding")
        stranger = self.pki.issue(self.other_ca, "onboarding")
        self.assertEqual(self.health_code(self.channel(server, self.ca, client)),
                         grpc.StatusCode.OK)
        self.assertEqual(self.health_code(self.channel(server, self.ca)),
                         grpc.StatusCode.UNAVAILABLE, "no client certificate")
        self.assertEqual(self.health_code(self.channel(server, self.ca, stranger)),
                         grpc.StatusCode.UNAVAILABLE, "a client certificate of another CA")
        self.assertEqual(self.health_code(self.channel(server, self.other_ca, client)),
                         grpc.StatusCode.UNAVAILABLE, "the server's CA is not the one trusted")
        self.assertEqual(self.health_code(server.channel), grpc.StatusCode.UNAVAILABLE,
                         "plain text")

    def test_tls_without_client_certificates_admits_any_client_that_trusts_the_server(self):
        server = self.serve()
        self.assertEqual(self.health_code(self.channel(server, self.ca)), grpc.StatusCode.OK)
        self.assertEqual(self.health_code(self.channel(server, self.other_ca)),
                         grpc.StatusCode.UNAVAILABLE)

    def test_a_rotated_certificate_is_served_without_a_restart(self):
        server = self.serve("--tls-ca=" + self.pki.path(self.ca + ".pem"),
                            "--tls-refresh-interval=1s")
        client = self.pki.issue(self.ca, "onboarding")
        before = self.served_certificate(server, client)
        cert, key = self.pki.issue(self.ca, "identity")
        os.replace(key, self.key)
        os.replace(cert, self.cert)
        rotated = hashlib.sha256(ssl.PEM_cert_to_DER_cert(
            self.pki.read(self.cert).decode())).hexdigest()
        self.assertNotEqual(before, rotated)
        deadline = time.monotonic() + 30
        while self.served_certificate(server, client) != rotated:
            self.assertLess(time.monotonic(), deadline, "the new certificate is never served")
            time.sleep(0.2)
        self.assertEqual(self.health_code(self.channel(server, self.ca, client)),
                         grpc.StatusCode.OK)
        self.assertIsNone(server.process.poll(), "served without a restart")

    def test_a_peer_is_called_over_mutual_tls_with_the_process_certificate(self):
        identity = self.serve("--tls-ca=" + self.pki.path(self.ca + ".pem"))
        client = self.pki.issue(self.ca, "onboarding")
        stub = identity_service_pb2_grpc.IdentityServiceStub(self.channel(identity, self.ca, client))
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Amina"
        request.user.email = "amina@example.ma"
        request.user.preferred_language = 2  # LANGUAGE_FR
        stub.CreateUser(request, timeout=30)
        token = stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email="amina@example.ma", password=PASSWORD), timeout=30).token.access_token

        def onboarding_code(*tls_flags):
            onboarding = Masar(
                "--services=onboarding", "--identity-target=localhost:%d" % port_of(identity.address),
                "--partnerships-target=127.0.0.1:1", "--service-account=onboarding",
                "--service-account-secret=unused", *tls_flags)
            self.addCleanup(onboarding.close)
            self.onboarding_log = onboarding.log
            # With --tls-cert it serves TLS too, with that certificate.
            channel = (self.channel(onboarding, self.ca) if "--tls-cert=" + client[0] in tls_flags
                       else onboarding.channel)
            get_program = channel.unary_unary(
                "/masar.onboarding.v1.OnboardingService/GetProgram")
            # Identity's keys are fetched at start and on an unknown key id:
            # the token is verified only if that fetch got through.
            try:
                get_program(b"", timeout=20, metadata=[("authorization", "Bearer " + token)])
                return grpc.StatusCode.OK
            except grpc.RpcError as error:
                return error.code()

        trusted = onboarding_code("--peer-tls-ca=" + self.pki.path(self.ca + ".pem"),
                                  "--tls-cert=" + client[0], "--tls-key=" + client[1])
        self.assertNotIn(trusted, (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.UNAVAILABLE),
                         self.onboarding_log())
        # Without a way to fetch the keys, the token cannot be verified.
        refused = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.UNAVAILABLE)
        self.assertIn(onboarding_code("--peer-tls-ca=" + self.pki.path(self.ca + ".pem")),
                      refused, "no client certificate for identity")
        self.assertIn(onboarding_code(), refused, "plain text to a TLS identity")

    def test_unreadable_tls_files_are_refused_at_start_naming_the_flag(self):
        for flags, named in (
                (["--tls-cert=" + self.cert], "--tls-key"),
                (["--tls-cert=/nonexistent.pem", "--tls-key=" + self.key], "--tls-cert"),
                (["--tls-ca=" + self.pki.path(self.ca + ".pem")], "--tls-cert"),
                (["--peer-tls-ca=" + self.key + ".missing"], "--peer-tls-ca")):
            with tempfile.TemporaryDirectory() as data_dir:
                result = subprocess.run(
                    [os.environ["MASAR_BIN"], "serve", "--port=0", "--services=identity",
                     "--data-dir=" + data_dir, *flags],
                    capture_output=True, text=True, timeout=60)
            self.assertNotEqual(result.returncode, 0, flags)
            self.assertIn(named, result.stderr, flags)


if __name__ == "__main__":
    unittest.main()
