import sys
from pathlib import Path

# Tests run as `pytest src/train/tests` from the repo root, without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
