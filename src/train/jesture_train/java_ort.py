"""Where ONNX Runtime for Java is: Python has no onnxruntime on this project's machines, and tools
that must run an ONNX model (the tests, bench/hand-landmarks) run it in the Java runtime jesture
ships, whose jar the project's Maven build puts in the local repository."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


def ort_jar() -> Optional[Path]:
    """$JESTURE_ORT_JAR, else the newest onnxruntime jar in ~/.m2; None when there is none."""
    env = os.environ.get("JESTURE_ORT_JAR")
    if env:
        return Path(env)
    jars = sorted((Path.home() / ".m2/repository/com/microsoft/onnxruntime/onnxruntime").glob("*/onnxruntime-*.jar"))
    jars = [j for j in jars if "sources" not in j.name and "javadoc" not in j.name]
    return jars[-1] if jars else None
