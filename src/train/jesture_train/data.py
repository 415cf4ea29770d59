"""Jester on-disk layout: split CSVs, label file, JPEG frame folders; a decoded uint8 frame cache.

Layout (20BN-Jester v1, and what ``jesture synth`` writes)::

    ROOT/jester-v1-labels.csv        one label per line, in model output order
    ROOT/jester-v1-train.csv         id;label
    ROOT/jester-v1-validation.csv    id;label
    ROOT/<id>/00001.jpg ...          (real Jester keeps the folders in ROOT/20bn-jester-v1/)

Every JPEG is decoded once, resized with the contract's ``cover_center_crop`` to the model's
H x W, and stored in one uint8 array file (memory-mapped, so the page cache keeps it in RAM).
Epochs then only gather frames from that array; augmentation runs batch-wise on the training
device (:mod:`jesture_train.augment`), so the loader needs no worker processes.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import torch
from PIL import Image

LABELS_FILE = "jester-v1-labels.csv"
SPLIT_FILES = {"train": "jester-v1-train.csv", "validation": "jester-v1-validation.csv"}
JESTER_FRAMES_SUBDIR = "20bn-jester-v1"
CACHE_VERSION = 1
SOURCE_FPS = 12.0  # Jester and our synthetic export are recorded at 12 fps
MANIFEST_FILE = "jesture-synth.properties"  # written by `jesture synth` and jesture_train.join


class DatasetError(ValueError):
    """A dataset folder that does not follow the Jester layout; the message says what to fix."""


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------

def read_labels(root: Path) -> List[str]:
    path = Path(root) / LABELS_FILE
    if not path.is_file():
        raise DatasetError(f"{path} is missing: a Jester-layout dataset has {LABELS_FILE} "
                           f"(one label per line, model order); make one with `jesture synth --out {root}`")
    labels = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(set(labels)) != len(labels):
        raise DatasetError(f"{path} lists a label twice")
    if len(labels) < 2:
        raise DatasetError(f"{path} has {len(labels)} labels; need at least 2")
    return labels


def read_manifest(root: Path) -> Dict[str, str]:
    """The ``key=value`` lines of ROOT/jesture-synth.properties: what made the dataset. Empty where
    the file is missing or unreadable (a real Jester download has none)."""
    path = Path(root) / MANIFEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def frames_dir(root: Path) -> Path:
    """Where the clip folders live: ROOT itself, or ROOT/20bn-jester-v1 as in the real download."""
    root = Path(root)
    sub = root / JESTER_FRAMES_SUBDIR
    return sub if sub.is_dir() else root


@dataclass(frozen=True)
class Sample:
    clip_id: str
    label: int


def read_split(root: Path, split: str, labels: Sequence[str]) -> List[Sample]:
    if split not in SPLIT_FILES:
        raise DatasetError(f"unknown split '{split}': use one of {', '.join(SPLIT_FILES)}")
    path = Path(root) / SPLIT_FILES[split]
    if not path.is_file():
        raise DatasetError(f"{path} is missing: the {split} split of a Jester-layout dataset")
    index = {name: i for i, name in enumerate(labels)}
    samples: List[Sample] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        clip_id, sep, label = line.partition(";")
        if not sep:
            raise DatasetError(f"{path}:{n}: expected 'id;label', found '{line}'")
        if label not in index:
            raise DatasetError(f"{path}:{n}: label '{label}' is not in {LABELS_FILE}")
        samples.append(Sample(clip_id.strip(), index[label]))
    if not samples:
        raise DatasetError(f"{path} has no rows")
    return samples


# --------------------------------------------------------------------------------------------
# Preprocessing (docs/model-contract.md, cover_center_crop). The Java runtime mirrors this.
# --------------------------------------------------------------------------------------------

def round_half_up(x: float) -> int:
    """Java's Math.round for positive values; Python's round() would round half to even."""
    return int(math.floor(x + 0.5))


def cover_size(w: int, h: int, out_h: int, out_w: int) -> Tuple[int, int]:
    """Size (w, h) after scaling by s = max(H/h, W/w), rounded half up, never below H x W."""
    s = max(out_h / h, out_w / w)
    return max(out_w, round_half_up(w * s)), max(out_h, round_half_up(h * s))


def cover_center_crop(img: Image.Image, out_h: int, out_w: int) -> np.ndarray:
    """RGB uint8 [H, W, 3]: scale to cover H x W keeping the aspect ratio, crop the centre.

    PIL's bilinear filter widens its support when downscaling, so it averages areas like
    OpenCV's INTER_AREA; upscaling is plain bilinear. Crop offsets are floor((new - out) / 2).
    """
    img = img.convert("RGB")
    w, h = img.size
    nw, nh = cover_size(w, h, out_h, out_w)
    if (nw, nh) != (w, h):
        img = img.resize((nw, nh), Image.BILINEAR)
    left, top = (nw - out_w) // 2, (nh - out_h) // 2
    return np.asarray(img.crop((left, top, left + out_w, top + out_h)), dtype=np.uint8)


def list_frames(clip_dir: Path) -> List[Path]:
    frames = sorted(p for p in clip_dir.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not frames:
        raise DatasetError(f"{clip_dir} has no .jpg frames")
    return frames


def frame_size(root: Path, clip_id: str) -> Tuple[int, int]:
    """Width and height of a dataset's frames, read from one clip's first frame."""
    with Image.open(list_frames(frames_dir(root) / clip_id)[0]) as img:
        return img.size


def decode_clip(clip_dir: Path, out_h: int, out_w: int) -> np.ndarray:
    """All frames of one clip, oldest first, as uint8 [F, H, W, 3]."""
    if not clip_dir.is_dir():
        raise DatasetError(f"clip folder {clip_dir} is missing (listed in the split CSV)")
    out = []
    for f in list_frames(clip_dir):
        with Image.open(f) as img:
            out.append(cover_center_crop(img, out_h, out_w))
    return np.stack(out)


# --------------------------------------------------------------------------------------------
# Decoded frame cache
# --------------------------------------------------------------------------------------------

def _decode_job(args: Tuple[str, int, int]) -> np.ndarray:
    path, h, w = args
    return decode_clip(Path(path), h, w)


class FrameCache:
    """All frames of one split at H x W: a uint8 [total_frames, H, W, 3] array file + index.

    The cache key covers the dataset path, split rows, size and preprocessing version, so a
    changed dataset or size builds a new cache instead of reading a stale one.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        meta = json.loads((self.directory / "index.json").read_text())
        self.height: int = meta["height"]
        self.width: int = meta["width"]
        self.ids: List[str] = meta["ids"]
        self.labels: List[int] = meta["labels"]
        self.offsets = np.asarray(meta["offsets"], dtype=np.int64)
        self.counts = np.asarray(meta["counts"], dtype=np.int64)
        total = int(self.counts.sum())
        self.frames = np.memmap(self.directory / "frames.u8", dtype=np.uint8, mode="r",
                                shape=(total, self.height, self.width, 3))

    def __len__(self) -> int:
        return len(self.ids)

    def __getstate__(self) -> Dict[str, object]:
        # Worker processes reopen the memmap instead of pickling gigabytes of frames.
        return {"directory": str(self.directory)}

    def __setstate__(self, state: Dict[str, object]) -> None:
        self.__init__(Path(str(state["directory"])))

    def clip(self, i: int, indices: np.ndarray) -> np.ndarray:
        """Frames ``indices`` (0-based, within clip i) as uint8 [len(indices), H, W, 3]."""
        return np.asarray(self.frames[self.offsets[i] + indices])

    def whole(self, i: int) -> np.ndarray:
        """Every frame of clip i, uint8 [F, H, W, 3]."""
        return np.asarray(self.frames[self.offsets[i]:self.offsets[i] + self.counts[i]])

    @staticmethod
    def key(root: Path, split: str, samples: Sequence[Sample], height: int, width: int) -> str:
        h = hashlib.sha1()
        h.update(f"v{CACHE_VERSION};{Path(root).resolve()};{split};{height}x{width};".encode())
        for s in samples:
            h.update(f"{s.clip_id};{s.label}\n".encode())
        return h.hexdigest()[:16]

    @classmethod
    def build_or_open(cls, root: Path, split: str, labels: Sequence[str], height: int, width: int,
                      cache_dir: Optional[Path] = None, workers: int = 0,
                      limit: Optional[int] = None, log=print) -> "FrameCache":
        samples = read_split(root, split, labels)
        if limit:
            samples = samples[:limit]
        key = cls.key(root, split, samples, height, width)
        base = Path(cache_dir) if cache_dir else default_cache_dir(root)
        directory = base / f"{split}-{height}x{width}-{key}"
        if (directory / "index.json").is_file():
            return cls(directory)
        directory.mkdir(parents=True, exist_ok=True)
        src = frames_dir(root)
        jobs = [(str(src / s.clip_id), height, width) for s in samples]
        # A clip another cache of this folder already decoded (the same frame files, at this size
        # and version) is copied from it, not decoded again: a joined dataset (jesture_train.join)
        # is its sources' clips by links, so its cache is mostly theirs.
        donors = _donor_clips(base, directory, height, width)
        reuse = [donors.get(os.path.realpath(path)) for path, _h, _w in jobs]
        decode = [job for job, donor in zip(jobs, reuse) if donor is None]
        t0 = time.time()
        offsets: List[int] = []
        counts: List[int] = []
        total = 0
        tmp = directory / "frames.u8.tmp"
        with open(tmp, "wb") as fh:
            def consume(arrays: Iterator[np.ndarray]) -> None:
                nonlocal total
                for n, arr in enumerate(arrays, 1):
                    offsets.append(total)
                    counts.append(arr.shape[0])
                    total += arr.shape[0]
                    fh.write(arr.tobytes())
                    if n % 200 == 0 or n == len(jobs):
                        rate = n / max(time.time() - t0, 1e-6)
                        log(f"cache {split}: {n}/{len(jobs)} clips ({rate:.0f} clips/s)")

            def arrays(decoded: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
                for donor in reuse:
                    yield next(decoded) if donor is None else donor[0].whole(donor[1])
            if workers > 0 and decode:
                with ProcessPoolExecutor(max_workers=workers) as ex:
                    consume(arrays(ex.map(_decode_job, decode, chunksize=8)))
            else:
                consume(arrays(map(_decode_job, decode)))
        os.replace(tmp, directory / "frames.u8")
        meta = {"version": CACHE_VERSION, "root": str(Path(root).resolve()), "split": split,
                "height": height, "width": width, "ids": [s.clip_id for s in samples],
                "labels": [s.label for s in samples], "offsets": offsets, "counts": counts}
        (directory / "index.json.tmp").write_text(json.dumps(meta))
        os.replace(directory / "index.json.tmp", directory / "index.json")
        log(f"cache {split}: {len(jobs)} clips ({len(jobs) - len(decode)} copied from other caches in {base}), "
            f"{total} frames, {total * height * width * 3 / 1e9:.2f} GB in {time.time() - t0:.0f}s at {directory}")
        return cls(directory)


def _donor_clips(base: Path, exclude: Path, height: int, width: int) -> Dict[str, Tuple["FrameCache", int]]:
    """Every clip held by a finished cache in ``base`` at this size and version, by the real path of
    its frame folder: (cache, index). A cache whose dataset folder is gone donates nothing, and a
    clip whose folder changed after the cache was written (rendered again) is not donated."""
    found: Dict[str, Tuple[FrameCache, int]] = {}
    if not base.is_dir():
        return found
    for index in sorted(base.glob(f"*-{height}x{width}-*/index.json")):
        if index.parent == exclude:
            continue
        try:
            meta = json.loads(index.read_text())
        except (OSError, ValueError):
            continue
        if meta.get("version") != CACHE_VERSION or meta.get("height") != height or meta.get("width") != width:
            continue
        root = Path(meta.get("root", ""))
        if not root.is_dir():
            continue
        donor = FrameCache(index.parent)
        written = index.stat().st_mtime
        src = frames_dir(root)
        for n, clip_id in enumerate(donor.ids):
            real = os.path.realpath(src / clip_id)
            try:
                # the folder changes when a frame is added or replaced by a new file; the first
                # frame when it is written over in place
                first = os.path.join(real, "00001.jpg")
                if max(os.stat(real).st_mtime, os.stat(first).st_mtime if os.path.exists(first) else 0) > written:
                    continue
            except OSError:
                continue
            found.setdefault(real, (donor, n))
    return found


def default_cache_dir(root: Path) -> Path:
    """ROOT/.jesture-cache when the dataset folder is writable, else ~/.cache/jesture."""
    root = Path(root)
    if os.access(root, os.W_OK):
        return root / ".jesture-cache"
    return Path.home() / ".cache" / "jesture"


# --------------------------------------------------------------------------------------------
# Temporal sampling
# --------------------------------------------------------------------------------------------

def sample_indices(n_frames: int, clip_len: int, stride: float = 1.0, mode: str = "center",
                   rng: Optional[np.random.Generator] = None, speed_jitter: float = 0.0) -> np.ndarray:
    """Frame indices of a ``clip_len`` clip taken every ``stride`` source frames.

    ``center`` takes the middle of the clip (evaluation); ``random`` takes a uniformly random
    start (temporal jitter) and, with ``speed_jitter`` s, a stride scaled by U(1-s, 1+s).
    A clip shorter than the span is padded by repeating its first/last frame.
    """
    if n_frames < 1:
        raise ValueError("a clip needs at least one frame")
    if mode == "random":
        if rng is None:
            raise ValueError("random sampling needs rng")
        if speed_jitter > 0:
            stride = stride * float(rng.uniform(1 - speed_jitter, 1 + speed_jitter))
    elif mode != "center":
        raise ValueError(f"unknown sampling mode '{mode}'")
    span = (clip_len - 1) * stride
    slack = (n_frames - 1) - span
    if mode == "center":
        start = slack / 2
    else:
        # Short clips: the window may start before the first frame (padded with it) as well as
        # end after the last, so short clips are not always aligned to their start.
        start = float(rng.uniform(min(0.0, slack), max(0.0, slack)))
    idx = np.floor(start + np.arange(clip_len) * stride + 0.5).astype(np.int64)
    return np.clip(idx, 0, n_frames - 1)


class ClipDataset(torch.utils.data.Dataset):
    """uint8 clips [T, H, W, 3] and labels from a :class:`FrameCache`; augmentation happens later, batched."""

    def __init__(self, cache: FrameCache, clip_len: int, stride: float, train: bool,
                 speed_jitter: float = 0.0, seed: int = 0) -> None:
        self.cache = cache
        self.clip_len = clip_len
        self.stride = stride
        self.train = train
        self.speed_jitter = speed_jitter
        self.seed = seed
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.cache)

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def indices(self, i: int) -> np.ndarray:
        """The frames item i takes this epoch (within its clip)."""
        n = int(self.cache.counts[i])
        if self.train:
            # Seeded per (epoch, clip) so runs are reproducible with any number of workers.
            rng = np.random.default_rng((self.seed, self.epoch, i))
            return sample_indices(n, self.clip_len, self.stride, "random", rng, self.speed_jitter)
        return sample_indices(n, self.clip_len, self.stride, "center")

    def __getitem__(self, i: int) -> Tuple[torch.Tensor, int]:
        return torch.from_numpy(self.cache.clip(i, self.indices(i))), self.cache.labels[i]


def make_loader(dataset: ClipDataset, batch_size: int, shuffle: bool, workers: int,
                seed: int = 0, drop_last: bool = False) -> torch.utils.data.DataLoader:
    gen = torch.Generator().manual_seed(seed)
    return torch.utils.data.DataLoader(
        dataset, batch_size=batch_size, shuffle=shuffle, num_workers=workers, generator=gen,
        drop_last=drop_last, pin_memory=torch.cuda.is_available())
