"""jesture training and export pipeline: Jester-layout data -> 3D-CNN -> ONNX with the jesture contract."""

__version__ = "0.1.0"
