"""Join Jester-layout datasets into one, by links, so that one training reads several worlds.

    python3 -m jesture_train.join --out data/synth-mix data/synth-v4:a data/synth-v7-hv3:b
    python3 -m jesture_train.join --out data/synth-mix-neg data/synth-mix data/negatives-s2

Each source is either a Jester-layout dataset (labels, train and validation CSVs, a folder per
clip; what ``jesture synth`` writes) or a folder of training-only windows with a ``negatives.csv``
(``id;label``; what ``bench/stream-negatives`` writes). ``SOURCE:PREFIX`` puts PREFIX before each of
that source's clip ids, so that two worlds rendered with the same seed (and so the same ids) can
sit side by side. The joined folder holds a symbolic link per clip (no frame is copied), the CSVs
of the sources in the order given, the first dataset's labels, and a ``jesture-synth.properties``
that names every source, so that the model trained on it says what it learned from.

The labels of every dataset must be the same list in the same order (they are the model's output
order), and a windows source may use only those labels. Clip ids must stay unique, and an
existing ``--out`` is never written into: nothing is silently overwritten.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from jesture_train.data import (LABELS_FILE, MANIFEST_FILE, SPLIT_FILES, DatasetError, frames_dir, read_labels,
                                 read_manifest)

WINDOWS_FILE = "negatives.csv"  # bench/stream-negatives' training-only windows


@dataclass(frozen=True)
class Source:
    root: Path
    prefix: str

    @property
    def windows_only(self) -> bool:
        return not (self.root / LABELS_FILE).is_file() and (self.root / WINDOWS_FILE).is_file()


def parse_source(text: str) -> Source:
    """``DIR`` or ``DIR:PREFIX``; a prefix is letters, digits, '-' or '_'."""
    root, prefix = text, ""
    if ":" in text:
        root, prefix = text.rsplit(":", 1)
        if not prefix or not all(c.isalnum() or c in "-_" for c in prefix):
            raise DatasetError(f"'{text}': the prefix after ':' must be letters, digits, '-' or '_', e.g. {root}:a")
    path = Path(root)
    if not path.is_dir():
        raise DatasetError(f"{path} is not a folder: give a Jester-layout dataset (jesture synth --out) "
                           f"or a folder with {WINDOWS_FILE} (bench/stream-negatives --out)")
    src = Source(path, prefix)
    if not (path / LABELS_FILE).is_file() and not src.windows_only:
        raise DatasetError(f"{path} has neither {LABELS_FILE} (a Jester-layout dataset) nor {WINDOWS_FILE} "
                           f"(training-only windows)")
    return src


def read_rows(path: Path) -> List[Tuple[str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(";")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise DatasetError(f"{path}:{n}: expected 'id;label', got {line!r}")
        rows.append((parts[0].strip(), parts[1].strip()))
    return rows


def join(sources: Sequence[Source], out: Path) -> Dict[str, int]:
    """Writes the joined dataset to ``out`` (which must not exist); returns the row counts per split."""
    if not sources:
        raise DatasetError("nothing to join: give at least one source folder")
    if out.exists():
        raise DatasetError(f"{out} already exists: give a new --out folder (a join never writes into an existing one)")
    datasets = [s for s in sources if not s.windows_only]
    if not datasets:
        raise DatasetError("every source is training-only windows: give at least one Jester-layout dataset, "
                           "whose labels the joined set takes")
    labels = read_labels(datasets[0].root)
    for s in datasets[1:]:
        other = read_labels(s.root)
        if other != labels:
            raise DatasetError(f"{s.root / LABELS_FILE} differs from {datasets[0].root / LABELS_FILE}: "
                               f"joined datasets must share one label list in one order")
    known = set(labels)
    splits: Dict[str, List[Tuple[str, str]]] = {"train": [], "validation": []}
    links: List[Tuple[str, Path]] = []
    seen: Dict[str, Path] = {}
    for s in sources:
        if s.windows_only:
            parts = {"train": read_rows(s.root / WINDOWS_FILE)}
        else:
            parts = {}
            for split, name in SPLIT_FILES.items():
                if (s.root / name).is_file():
                    parts[split] = read_rows(s.root / name)
        clips = frames_dir(s.root)
        for split, rows in parts.items():
            for clip, label in rows:
                if label not in known:
                    raise DatasetError(f"{s.root}: clip {clip} has label '{label}', which is not in "
                                       f"{datasets[0].root / LABELS_FILE}")
                target = clips / clip
                if not target.is_dir():
                    raise DatasetError(f"{target} is missing: {s.root} lists clip {clip} but has no folder for it")
                joined = s.prefix + clip
                if joined in seen:
                    raise DatasetError(f"clip id '{joined}' comes from both {seen[joined]} and {s.root}: "
                                       f"give one of them a prefix (DIR:PREFIX)")
                seen[joined] = s.root
                splits[split].append((joined, label))
                links.append((joined, target.resolve()))
    out.mkdir(parents=True)
    for joined, target in links:
        os.symlink(target, out / joined, target_is_directory=True)
    (out / LABELS_FILE).write_text("".join(l + "\n" for l in labels), encoding="utf-8")
    for split, name in SPLIT_FILES.items():
        (out / name).write_text("".join(f"{c};{l}\n" for c, l in splits[split]), encoding="utf-8")
    described = []
    for s in sources:
        props = read_manifest(s.root)
        what = " ".join(f"{k}={v}" for k, v in props.items())
        described.append(f"{s.prefix or '-'}:{s.root.resolve().name}" + (f" ({what})" if what else ""))
    (out / MANIFEST_FILE).write_text("joined=" + ", ".join(described) + "\n", encoding="utf-8")
    return {split: len(rows) for split, rows in splits.items()}


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m jesture_train.join",
                                description="Join Jester-layout datasets (and training-only windows) by links.")
    p.add_argument("--out", type=Path, required=True, help="the joined dataset's folder; must not exist")
    p.add_argument("sources", nargs="+", metavar="DIR[:PREFIX]",
                   help="a Jester-layout dataset, or a folder with negatives.csv; PREFIX goes before its clip ids")
    args = p.parse_args(argv)
    try:
        counts = join([parse_source(s) for s in args.sources], args.out)
    except DatasetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{args.out}: {counts['train']} training and {counts['validation']} validation clips "
          f"from {len(args.sources)} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
