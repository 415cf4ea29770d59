import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1]
REPO = Path(__file__).resolve().parents[3]
# Tests run as `pytest src/train/tests` from the repo root, without installing the package.
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from jesture_train.contract import JESTER_LABELS  # noqa: E402
from tiny_jester import write_tiny_jester  # noqa: E402


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory) -> Path:
    """A small export of our synthetic world, from JESTURE_SYNTH_DIR or built with the jar."""
    env = os.environ.get("JESTURE_SYNTH_DIR")
    if env:
        path = Path(env)
        assert (path / "jester-v1-labels.csv").is_file(), \
            f"JESTURE_SYNTH_DIR={env} is not a Jester-layout export (no jester-v1-labels.csv)"
        return path
    jar = REPO / "target" / "jesture.jar"
    if not jar.is_file():
        pytest.fail(f"{jar} is missing: build it first (mvn -o -q package -DskipTests) or set "
                    f"JESTURE_SYNTH_DIR to an export made with `jesture synth --out DIR --clips 54 --seed 3 --val-fraction 0.5`")
    out = tmp_path_factory.mktemp("synth")
    # Validation takes whole rounds of 27 clips, so 54 clips need --val-fraction 0.5 to have one.
    cmd = ["java", "-jar", str(jar), "synth", "--out", str(out), "--clips", "54", "--seed", "3",
           "--val-fraction", "0.5", "--no-progress"]
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
    return out


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    """27 classes x 2 clips of a square moving along angle 2*pi*k/27, written with PIL (no Java)."""
    return write_tiny_jester(tmp_path_factory.mktemp("tiny"), JESTER_LABELS, clips_per_class=2, frames=20)


@pytest.fixture()
def tiny(tmp_path) -> Path:
    """The contract fixture model (``jesture_train.export --tiny-fixture``): 27 Jester labels, an embedding."""
    from jesture_train.export import main as export_main
    assert export_main(["--tiny-fixture", "--out", str(tmp_path / "fx")]) == 0
    return tmp_path / "fx" / "tiny.onnx"
