"""MediaPipe Hands on clips, and a small temporal network on its landmarks (docs/hands.md).

The library behind track.py and landmark_net.py. The two MediaPipe networks run as ONNX
(``jesture_train.tflite``) in ONNX Runtime for Java (``OrtServe.java`` beside this file): Python has
no onnxruntime on this project's machines.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src" / "train"))
from jesture_train import java_ort  # noqa: E402
# What the landmark networks read; here so that tracking scripts find it beside the tracker.
from jesture_train.landmarks import CLIP_STEPS, FEATURES, MIN_HAND, features, hand_found, resample  # noqa: E402,F401

PALM_SIZE, CROP_SIZE = 192, 224
MIN_PALM = 0.5          # MediaPipe's default minimum detection confidence
ROI_SCALE, ROI_SHIFT = 2.6, -0.5   # MediaPipe's palm-to-hand rectangle
TRACK_SCALE, TRACK_SHIFT = 2.0, -0.1   # and its landmarks-to-next-frame rectangle
# the landmarks MediaPipe places the next frame's rectangle around: wrist, thumb base, the knuckles
TRACK_POINTS = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18]


def load_records(paths) -> dict:
    """The tracked records of one or more files track.py (or pose_track.py) saved, as one mapping."""
    found = {}
    for p in paths:
        found.update(np.load(p, allow_pickle=True).item())
    return found


def ort_jar() -> Path:
    jar = java_ort.ort_jar()
    if jar is None:
        raise SystemExit("hands: no ONNX Runtime jar in ~/.m2; build the project once with mvn, or set JESTURE_ORT_JAR")
    return jar


class Ort:
    """One OrtServe process; :meth:`run` sends it a batch and reads every output back."""

    def __init__(self):
        self.proc = subprocess.Popen(["java", "-cp", str(ort_jar()), str(HERE / "OrtServe.java")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, model: Path, x: np.ndarray) -> Dict[str, np.ndarray]:
        if any(c.isspace() for c in str(model)):
            raise SystemExit(f"hands: {model}: the helper's one-line requests cannot carry a path with spaces; move the model")
        work = Path(tempfile.mkdtemp(prefix="hands-"))
        try:
            x.astype("<f4").tofile(work / "in.bin")
            self.proc.stdin.write(f"{model} {work / 'in.bin'} {work / 'out'} {' '.join(map(str, x.shape))}\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
            if answer != "ok":
                raise RuntimeError(f"ONNX Runtime on {model}: {answer or 'no answer (the helper died)'}")
            return {p.stem: np.fromfile(p, "<f4") for p in (work / "out").glob("*.bin")}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _anchors() -> np.ndarray:
    """BlazePalm's 2016 anchor centres: a 24 x 24 grid with 2 per cell, a 12 x 12 grid with 6."""
    out = []
    for stride, per in ((8, 2), (16, 6)):
        n = PALM_SIZE // stride
        for y in range(n):
            for x in range(n):
                out += [((x + 0.5) / n, (y + 0.5) / n)] * per
    return np.array(out, np.float32)


ANCHORS = _anchors()


def _letterbox(img: Image.Image):
    w, h = img.size
    s = PALM_SIZE / max(w, h)
    r = img.resize((round(w * s), round(h * s)), Image.BILINEAR)
    can = Image.new("RGB", (PALM_SIZE, PALM_SIZE))
    ox, oy = (PALM_SIZE - r.size[0]) // 2, (PALM_SIZE - r.size[1]) // 2
    can.paste(r, (ox, oy))
    return np.asarray(can, np.float32).transpose(2, 0, 1) / 255.0, (s, ox, oy)


def _chw(img: Image.Image) -> np.ndarray:
    return np.asarray(img, np.float32).transpose(2, 0, 1) / 255.0


class Tracker:
    """Per frame: the best palm, MediaPipe's hand rectangle around it, 21 landmarks in it. Every frame
    is detected afresh (no tracking), so frames can be batched across clips."""

    def __init__(self, palm: Path, landmark: Path, batch: int = 16):
        self.palm, self.landmark, self.batch = Path(palm), Path(landmark), batch
        self.ort = Ort()

    def _batched(self, model: Path, xs: List[np.ndarray]) -> Dict[str, np.ndarray]:
        parts: Dict[str, list] = {}
        for b in range(0, len(xs), self.batch):
            for k, v in self.ort.run(model, np.stack(xs[b:b + self.batch])).items():
                parts.setdefault(k, []).append(v.reshape(min(self.batch, len(xs) - b), -1))
        return {k: np.concatenate(v) for k, v in parts.items()}

    def palms(self, imgs: List[Image.Image]) -> List[dict]:
        xs, geo = zip(*(_letterbox(im) for im in imgs))
        out = self._batched(self.palm, list(xs))
        reg, logit = out["Identity"].reshape(len(imgs), -1, 18), out["Identity_1"]
        found = []
        for k, (s, ox, oy) in enumerate(geo):
            i = int(np.argmax(logit[k]))
            v = reg[k, i]
            back = lambda px, py: (((px / PALM_SIZE + ANCHORS[i, 0]) * PALM_SIZE - ox) / s,
                                   ((py / PALM_SIZE + ANCHORS[i, 1]) * PALM_SIZE - oy) / s)
            cx, cy = back(v[0], v[1])
            kx, ky = zip(*(back(v[4 + 2 * j], v[5 + 2 * j]) for j in range(7)))
            found.append(dict(score=1 / (1 + math.exp(-max(-50.0, min(50.0, float(logit[k, i]))))),
                              cx=cx, cy=cy, w=v[2] / s, h=v[3] / s, kx=kx, ky=ky))
        return found

    @staticmethod
    def hand_rect(palm: dict):
        """Centre, side and rotation of MediaPipe's hand rectangle: turned so that the wrist (palm
        keypoint 0) lies below the middle finger's knuckle (keypoint 2), moved toward the fingers, enlarged."""
        x0, y0, x1, y1 = palm["kx"][0], palm["ky"][0], palm["kx"][2], palm["ky"][2]
        rot = math.pi / 2 - math.atan2(-(y1 - y0), x1 - x0)
        rot = (rot + math.pi) % (2 * math.pi) - math.pi
        w, h = palm["w"], palm["h"]
        cx = palm["cx"] - h * ROI_SHIFT * math.sin(rot)
        cy = palm["cy"] + h * ROI_SHIFT * math.cos(rot)
        return cx, cy, max(w, h) * ROI_SCALE, rot

    @staticmethod
    def crop(img: Image.Image, rect):
        """The rectangle as a 224 x 224 image, and the affine map from crop pixels to image pixels."""
        cx, cy, side, rot = rect
        sc = side / CROP_SIZE
        c, s = math.cos(rot) * sc, math.sin(rot) * sc
        half = CROP_SIZE / 2
        m = (c, -s, cx - half * c + half * s, s, c, cy - half * s - half * c)
        return img.transform((CROP_SIZE, CROP_SIZE), Image.AFFINE, m, resample=Image.BILINEAR), m

    @staticmethod
    def next_rect(pts: np.ndarray):
        """MediaPipe's rectangle for the next frame from this frame's landmarks: turned so that the
        wrist lies below the middle of the knuckles, around the palm's landmarks, enlarged, square."""
        x0, y0 = pts[0, :2]
        x1 = ((pts[5, 0] + pts[13, 0]) / 2 + pts[9, 0]) / 2
        y1 = ((pts[5, 1] + pts[13, 1]) / 2 + pts[9, 1]) / 2
        rot = math.pi / 2 - math.atan2(-(y1 - y0), x1 - x0)
        rot = (rot + math.pi) % (2 * math.pi) - math.pi
        p = pts[TRACK_POINTS, :2]
        c, s = math.cos(rot), math.sin(rot)
        # the points in the rectangle's own axes (image turned by -rot)
        u = p[:, 0] * c + p[:, 1] * s
        v = -p[:, 0] * s + p[:, 1] * c
        cu, cv = (u.min() + u.max()) / 2, (v.min() + v.max()) / 2
        w, h = u.max() - u.min(), v.max() - v.min()
        cv += h * TRACK_SHIFT
        return cu * c - cv * s, cu * s + cv * c, max(w, h) * TRACK_SCALE, rot

    def _landmarks(self, imgs, rects):
        crops, maps = [], []
        for im, rect in zip(imgs, rects):
            c, m = self.crop(im, rect)
            crops.append(_chw(c))
            maps.append(m)
        if not crops:
            return []
        out = self._batched(self.landmark, crops)
        lm = out["Identity"].reshape(len(crops), 21, 3)
        found = []
        for j, (a, b, tx, d, e, ty) in enumerate(maps):
            u, v, z = lm[j, :, 0], lm[j, :, 1], lm[j, :, 2]
            found.append(dict(flag=float(out["Identity_1"][j, 0]), handed=float(out["Identity_2"][j, 0]),
                              pts=np.stack([a * u + b * v + tx, d * u + e * v + ty, z * math.hypot(a, d)], 1)))
        return found

    def clips(self, clips: List[List[Image.Image]]) -> List[List[dict]]:
        """Per clip, per frame, as :meth:`frames`, but tracked as MediaPipe tracks: where a frame's
        hand was found, the next frame's crop is placed by its landmarks and the palm detector is not
        run; where the tracked crop holds no hand (or there was none), the palm detector looks again
        in that frame. Frame t of every clip is one batch."""
        res = [[None] * len(c) for c in clips]
        prev = [None] * len(clips)
        for t in range(max(len(c) for c in clips)):
            live = [k for k in range(len(clips)) if t < len(clips[k])]
            tracked = [k for k in live if prev[k] is not None]
            for k, r in zip(tracked, self._landmarks([clips[k][t] for k in tracked], [prev[k] for k in tracked])):
                if r["flag"] >= MIN_HAND:
                    res[k][t] = dict(r, palm=float("nan"))  # the detector did not run
            lost = [k for k in live if res[k][t] is None]
            palms = self.palms([clips[k][t] for k in lost]) if lost else []
            seen = [(k, p) for k, p in zip(lost, palms) if p["score"] >= MIN_PALM]
            found = self._landmarks([clips[k][t] for k, _ in seen], [self.hand_rect(p) for _, p in seen])
            for k, p in zip(lost, palms):
                res[k][t] = dict(palm=p["score"], flag=0.0, handed=0.0, pts=None)
            for (k, p), r in zip(seen, found):
                res[k][t] = dict(r, palm=p["score"])
            for k in live:
                r = res[k][t]
                prev[k] = self.next_rect(r["pts"]) if r["pts"] is not None and r["flag"] >= MIN_HAND else None
        return res

    def frames(self, imgs: List[Image.Image]) -> List[dict]:
        """Per image: palm score, hand-present probability, handedness, landmarks [21, 3] in image
        pixels (None when no palm reached MIN_PALM)."""
        palms = self.palms(imgs)
        res = [dict(palm=p["score"], flag=0.0, handed=0.0, pts=None) for p in palms]
        seen = [k for k, p in enumerate(palms) if p["score"] >= MIN_PALM]
        for k, r in zip(seen, self._landmarks([imgs[k] for k in seen], [self.hand_rect(palms[k]) for k in seen])):
            res[k].update(r)
        return res

    def close(self):
        self.ort.close()
