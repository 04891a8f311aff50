"""End-to-end tests of `masar serve --metrics-port`: Prometheus text on
/metrics that counts the calls made, checked by Prometheus's own promtool."""

import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

from test_masar_serve import MASAR, Masar, health_pb2, identity_service_pb2, \
    identity_service_pb2_grpc  # noqa: F401 (sets up the stubs' path)

import grpc  # noqa: E402

IDENTITY = "masar.identity.v1.IdentityService"
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10) as r:
        return r.headers["Content-Type"], r.read().decode()


def samples(text):
    """{'name{labels}': value} for every sample line."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        match = SAMPLE.match(line)
        assert match, "not a sample line: %r" % line
        out[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return out


class MetricsTest(unittest.TestCase):
    def start(self, *flags):
        server = Masar(*flags)
        self.addCleanup(server.close)
        return server

    def test_calls_are_counted_and_promtool_accepts_the_output(self):
        port = free_port()
        server = self.start("--metrics-port=%d" % port)
        for _ in range(2):
            self.assertEqual(server.health(""), health_pb2.HealthCheckResponse.SERVING)
        stub = identity_service_pb2_grpc.IdentityServiceStub(server.channel)
        request = identity_service_pb2.CreateUserRequest(password="a long enough passphrase")
        request.user.display_name = "Amina"
        request.user.email = "amina@example.ma"
        request.user.preferred_language = 2  # LANGUAGE_FR
        name = stub.CreateUser(request, timeout=30).user.name
        with self.assertRaises(grpc.RpcError) as anonymous:
            stub.GetUser(identity_service_pb2.GetUserRequest(name=name), timeout=30)
        self.assertEqual(anonymous.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

        # A call is counted when the server has sent its status, which a busy
        # machine may schedule after the client has read it: scrape until the
        # last call shows (bounded), then check everything at once.
        calls = 'masar_rpc_calls_total{service="%s",method="%s",code="%s"}'
        last = calls % (IDENTITY, "GetUser", "UNAUTHENTICATED")
        in_flight = 'masar_rpc_in_flight{service="%s"}' % IDENTITY
        deadline = time.monotonic() + 10
        while True:
            content_type, text = scrape(port)
            values = samples(text)
            if (values.get(last) == 1 and values.get(in_flight) == 0) or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(content_type, "text/plain; version=0.0.4; charset=utf-8")
        self.assertEqual(values[calls % ("grpc.health.v1.Health", "Check", "OK")], 2)
        self.assertEqual(values[calls % (IDENTITY, "CreateUser", "OK")], 1)
        self.assertEqual(values[calls % (IDENTITY, "GetUser", "UNAUTHENTICATED")], 1)
        self.assertEqual(values['masar_rpc_duration_seconds_count{service="%s",'
                                'method="CreateUser"}' % IDENTITY], 1)
        self.assertEqual(values['masar_rpc_duration_seconds_bucket{service="%s",'
                                'method="GetUser",le="+Inf"}' % IDENTITY], 1)
        self.assertEqual(values['masar_rpc_in_flight{service="%s"}' % IDENTITY], 0)
        self.assertEqual(values['masar_executor_queued_tasks{service="%s"}' % IDENTITY], 0)
        self.assertGreater(values['masar_executor_threads{service="%s"}' % IDENTITY], 0)
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes",
                     "process_open_fds", "process_start_time_seconds"]:
            self.assertGreater(values[name], 0, name)

        promtool = shutil.which("promtool")
        if promtool is None:
            self.skipTest("promtool missing: apt-get install prometheus")
        check = subprocess.run([promtool, "check", "metrics"], input=text,
                               capture_output=True, text=True, timeout=30)
        self.assertEqual((check.returncode, check.stdout + check.stderr), (0, ""))

    def test_a_chosen_metrics_port_that_is_taken_is_refused_clearly(self):
        port = free_port()
        self.start("--metrics-port=%d" % port)
        with tempfile.TemporaryDirectory() as data_dir:
            result = subprocess.run([MASAR, "serve", "--port=0", "--data-dir", data_dir,
                                     "--metrics-port=%d" % port],
                                    capture_output=True, text=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("cannot listen for metrics", result.stderr)


if __name__ == "__main__":
    unittest.main()
