"""A fuzzing campaign over the corpus: two HypoFuzz workers share a Redis example database, and a
failure one of them finds replays in a fresh, plain serial run (the ``replay`` profile generates
nothing: it can only fail on what the database holds).

Needs a ``redis-server`` binary (Debian's package; .ci/run installs it) and the ``fuzz`` extra
(HypoFuzz, with the Hypothesis and pytest releases it works with: tox -e fuzz).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.run_corpus import ROOT

PLANTED = "mutants.conv_backward_no_flip"  # the input gradient forgets to flip the kernel
TARGET = ("properties/convolution/test_input_gradient.py"
          "::test_input_gradient_is_conv_of_spread_gradient_with_flipped_kernel")


def _hypofuzz_works() -> str | None:
    try:
        import hypofuzz  # noqa: F401
        from hypothesis.internal.conjecture.data import ConjectureResult
    except ImportError:
        return "HypoFuzz is not installed (pip install '.[fuzz]', or tox -e fuzz)"
    if "slice_comments" not in getattr(ConjectureResult, "__slots__", ()) and \
            "slice_comments" not in getattr(ConjectureResult, "__annotations__", {}):
        return ("HypoFuzz 25.11 needs Hypothesis <= 6.157.0 (ConjectureResult.slice_comments); "
                "tox -e fuzz pins it")
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("no redis-server (apt-get install redis-server; .ci/run does)")
    port = _free_port()
    log = tmp_path / "redis.log"
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--dir", str(tmp_path)],
                               stdout=open(log, "w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server on port {port} did not start (exit {process.poll()}): "
                            + log.read_text()[-2000:])
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=20)


def _replay(url, tmp_path):
    """A fresh serial run, in another directory, of only what the shared database holds."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--rootdir={ROOT}",
         "--impl", PLANTED, "--hypothesis-profile=replay", f"--example-database={url}",
         f"--reproducers={tmp_path / 'repro'}", str(ROOT / TARGET)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "DNN_INVARIANTS_IMPL"})


def _tail(result, n=4000) -> str:
    return f"stdout:\n{result.stdout[-n:]}\nstderr:\n{result.stderr[-n // 2:]}"


def test_two_fuzzing_workers_share_a_redis_database_and_a_plain_run_replays_their_failure(redis_url,
                                                                                          tmp_path):
    if reason := _hypofuzz_works():
        pytest.skip(reason)
    before = _replay(redis_url, tmp_path)
    assert "told to run no test cases" in before.stdout + before.stderr or before.returncode == 5, (
        f"the database must start empty; the replay exited {before.returncode}:\n"
        + _tail(before))
    campaign = subprocess.Popen(
        [sys.executable, "-m", "dnn_invariants.harness.cli", "fuzz", "-n", "2", "--no-dashboard", "--",
         "--impl", PLANTED, f"--example-database={redis_url}", TARGET],
        cwd=ROOT, stdout=open(tmp_path / "campaign.log", "w"), stderr=subprocess.STDOUT,
        start_new_session=True, env={k: v for k, v in os.environ.items() if k != "DNN_INVARIANTS_IMPL"})
    try:
        deadline, replayed = time.monotonic() + 420, None
        while time.monotonic() < deadline:
            time.sleep(15)
            assert campaign.poll() is None, f"the campaign exited ({campaign.poll()}):\n" + \
                (tmp_path / "campaign.log").read_text()[-3000:]
            result = _replay(redis_url, tmp_path)
            if result.returncode == 1:
                replayed = result
                break
    finally:
        os.killpg(campaign.pid, signal.SIGTERM)
        campaign.wait(timeout=60)
    assert replayed is not None, "the campaign found nothing in 7 minutes: " + \
        (tmp_path / "campaign.log").read_text()[-3000:]
    out = replayed.stdout
    assert "differ beyond the rounding bound" in out, "the replay failed otherwise:\n" + _tail(replayed) + \
        "\ncampaign log:\n" + (tmp_path / "campaign.log").read_text()[-2000:]
    assert "Failing test case" in out or "Falsifying example" in out, _tail(replayed)
