"""The identity figures of the README's performance section, reproduced.

Starts `masar serve` on its embedded defaults (and again with a shared
redis-server), signs a user up and in through the public API, and drives it
with masar-bench:
  1. authenticated GetUser against the bare echo baseline, alternating pairs,
     in-process cache, then through Redis;
  2. sign-in (Authenticate at the Argon2id setting) throughput and p99;
  3. GetUser alone versus GetUser during a sign-in flood, alternating pairs.
Run by run.sh, which builds what it needs and sets MASAR_BIN, MASAR_BENCH and
MASAR_PY_STUBS. Prints one JSON summary on stdout; details go to OUT.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.environ["MASAR_PY_STUBS"])

import grpc  # noqa: E402
from masar.identity.v1 import identity_service_pb2, identity_service_pb2_grpc  # noqa: E402

MASAR = os.environ["MASAR_BIN"]
BENCH = os.environ["MASAR_BENCH"]
OUT = os.environ.get("OUT") or tempfile.mkdtemp(prefix="identity_bench.")
PAIRS = int(os.environ.get("PAIRS", "5"))
DURATION = os.environ.get("DURATION", "3s")
WARMUP = os.environ.get("WARMUP", "1s")
PASSWORD = "a long enough passphrase"
GET_USER = "/masar.identity.v1.IdentityService/GetUser"
AUTHENTICATE = "/masar.identity.v1.IdentityService/Authenticate"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


class Masar:
    def __init__(self, *flags):
        self.data_dir = tempfile.TemporaryDirectory()
        self.log = open(os.path.join(OUT, "masar-%d.log" % time.time_ns()), "w")
        self.process = subprocess.Popen(
            [MASAR, "serve", "--port=0", "--data-dir=" + self.data_dir.name, *flags],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("masar listening on "):
            raise RuntimeError("masar did not start: %r" % line)
        self.address = line.split()[-1]
        self.stub = identity_service_pb2_grpc.IdentityServiceStub(
            grpc.insecure_channel(self.address))

    def sign_up_and_in(self, email):
        request = identity_service_pb2.CreateUserRequest(password=PASSWORD)
        request.user.display_name = "Bench User"
        request.user.email = email
        request.user.preferred_language = 2  # LANGUAGE_FR
        user = self.stub.CreateUser(request, timeout=30).user.name
        signed_in = self.stub.Authenticate(identity_service_pb2.AuthenticateRequest(
            email=email, password=PASSWORD), timeout=30)
        return user, signed_in.token.access_token

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def write_json(name, message):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(message, f)
    return path


def bench(target, method, request, *flags, token=None, name="run"):
    """One masar-bench invocation; returns its JSON report."""
    report = os.path.join(OUT, "%s-%d.json" % (name, time.time_ns()))
    command = [BENCH, "--target=" + target, "--method=" + method,
               "--request=" + request, "--json=" + report, *flags]
    if token:
        command.append("--metadata=authorization: Bearer " + token)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(report) as f:
        return json.load(f)


def get_user_against_baseline(server, user, token, label):
    request = write_json("get_user.json", {"name": user})
    return bench(server.address, GET_USER, request, "--concurrency=64",
                 "--duration=" + DURATION, "--warmup=" + WARMUP, "--baseline",
                 "--pairs=%d" % PAIRS, token=token, name=label)


def sign_in_and_flood(server, user, token):
    signin = write_json("signin.json", {"email": "flood@example.ma",
                                        "password": PASSWORD})
    server.sign_up_and_in("flood@example.ma")
    sign_in = bench(server.address, AUTHENTICATE, signin, "--concurrency=4",
                    "--duration=5s", "--warmup=1s", name="sign-in")
    get_user = write_json("get_user.json", {"name": user})
    alone, flooded, flood_reports = [], [], []
    for _ in range(PAIRS):
        alone.append(bench(server.address, GET_USER, get_user, "--concurrency=16",
                           "--duration=" + DURATION, "--warmup=" + WARMUP,
                           token=token, name="get-user-alone"))
        flood_report = os.path.join(OUT, "flood-%d.json" % time.time_ns())
        flood = subprocess.Popen(
            [BENCH, "--target=" + server.address, "--method=" + AUTHENTICATE,
             "--request=" + signin, "--concurrency=64", "--duration=6s",
             "--json=" + flood_report], stdout=subprocess.DEVNULL)
        time.sleep(1)  # the flood is at full strength before measuring
        flooded.append(bench(server.address, GET_USER, get_user,
                             "--concurrency=16", "--duration=" + DURATION,
                             "--warmup=0s", token=token, name="get-user-flooded"))
        flood.wait(60)
        with open(flood_report) as f:
            flood_reports.append(json.load(f))
    return sign_in, alone, flooded, flood_reports


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
    }


def median_run(reports):
    runs = [r["results"]["target"]["median"] for r in reports]
    return {
        "calls_per_second": round(statistics.median(r["calls_per_second"] for r in runs)),
        "p99_ms": statistics.median(r["latency_us"]["p99"] for r in runs) / 1000,
    }


def paired(alone, flooded):
    """Medians of each series and of the per-pair flooded/alone ratios."""
    def cps(r):
        return r["results"]["target"]["median"]["calls_per_second"]

    def p99(r):
        return r["results"]["target"]["median"]["latency_us"]["p99"]
    return {
        "alone": median_run(alone),
        "during_flood": median_run(flooded),
        "ratio_calls_per_second": round(statistics.median(
            cps(f) / cps(a) for a, f in zip(alone, flooded)), 3),
        "ratio_p99": round(statistics.median(
            p99(f) / p99(a) for a, f in zip(alone, flooded)), 3),
    }


def flood_summary(floods):
    ok = [f["results"]["target"]["median"]["ok"] for f in floods]
    calls = [f["results"]["target"]["median"]["calls"] for f in floods]
    return {
        "attempts_per_second": median_run(floods)["calls_per_second"],
        "p99_ms": median_run(floods)["p99_ms"],
        "refused_share": round(1 - statistics.median(
            o / c for o, c in zip(ok, calls)), 4),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    summary = {"out": OUT}
    server = Masar()
    try:
        user, token = server.sign_up_and_in("bench@example.ma")
        summary["get_user_in_process"] = against_baseline(get_user_against_baseline(
            server, user, token, "get-user-in-process"))
        sign_in, alone, flooded, floods = sign_in_and_flood(server, user, token)
        summary["sign_in"] = median_run([sign_in])
        summary["get_user_and_sign_in_flood"] = paired(alone, flooded)
        summary["sign_in_flood"] = flood_summary(floods)
    finally:
        server.stop()
    redis = Redis()
    try:
        server = Masar("--redis=127.0.0.1:%d" % redis.port)
        try:
            user, token = server.sign_up_and_in("bench@example.ma")
            summary["get_user_redis"] = against_baseline(get_user_against_baseline(
                server, user, token, "get-user-redis"))
        finally:
            server.stop()
    finally:
        redis.stop()
    json.dump(summary, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
