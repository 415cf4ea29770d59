"""The training commands re-execute themselves once with glibc's malloc asking for huge pages."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jesture_train import hugepages

SRC = Path(__file__).resolve().parents[1]


def test_the_setting_is_added_to_an_empty_environment():
    env = hugepages.tuned_environment({"PATH": "/bin"}, platform="linux")
    assert env == {"PATH": "/bin", "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}


def test_tunables_set_by_hand_are_kept_and_a_hugetlb_value_there_wins():
    env = hugepages.tuned_environment({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}, platform="linux")
    assert env["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"
    assert hugepages.tuned_environment({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"}, platform="linux") is None
    assert hugepages.tuned_environment({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}, platform="linux") is None


def test_the_opt_out_and_other_systems_change_nothing():
    assert hugepages.tuned_environment({"JESTURE_HUGEPAGES": "0"}, platform="linux") is None
    assert hugepages.tuned_environment({}, platform="darwin") is None
    assert hugepages.tuned_environment({"JESTURE_HUGEPAGES": "1"}, platform="linux") is not None


def _run(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("GLIBC_TUNABLES", "JESTURE_HUGEPAGES")}
    env.update(env_extra)
    env["PYTHONPATH"] = str(SRC)
    return subprocess.run([sys.executable, "-m", "jesture_train.hugepages"], env=env, check=True,
                          capture_output=True, text=True, timeout=60).stdout


def test_a_command_started_without_the_tunable_runs_with_it():
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc tunables exist only on Linux")
    assert _run({}).startswith("malloc: glibc.malloc.hugetlb=1;")
    assert _run({"JESTURE_HUGEPAGES": "0"}).startswith("malloc: glibc.malloc.hugetlb not set;")
    assert _run({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"}).startswith("malloc: glibc.malloc.hugetlb=0;")
