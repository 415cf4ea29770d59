"""Runs an exported ONNX model in ONNX Runtime for Java (OrtRun.java beside this file).

Python's onnxruntime is not installed on this project's machines; the Java runtime's ORT jar is in the
local Maven repository once the project has been built, and it is the library that will run the
model in jesture anyway. Tests that need it skip, with the reason, when java or the jar is missing.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Dict

import numpy as np
import pytest

from jesture_train import java_ort

HERE = Path(__file__).resolve().parent


def ort_jar() -> Path:
    jar = java_ort.ort_jar()
    if jar is None:
        pytest.skip("no ONNX Runtime jar in ~/.m2 (build the project once with mvn, or set JESTURE_ORT_JAR)")
    return jar


def run_ort(model: Path, x: np.ndarray, work: Path) -> Dict[str, np.ndarray]:
    """Every output of ``model`` on input ``x`` (float32 [N,3,T,H,W]), flat, by output name."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on PATH to run ONNX Runtime for Java")
    jar = ort_jar()
    work.mkdir(parents=True, exist_ok=True)
    inp = work / "input.bin"
    x.astype("<f4").tofile(inp)
    out = work / "ort"
    cmd = [java, "-cp", str(jar), str(HERE / "OrtRun.java"), str(model), str(inp), str(out), *map(str, x.shape)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, f"ONNX Runtime (Java) failed on {model}:\n{res.stdout}\n{res.stderr}"
    return {p.stem: np.fromfile(p, "<f4") for p in out.glob("*.bin")}
