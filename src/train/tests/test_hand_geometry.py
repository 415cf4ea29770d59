"""The geometry of bench/hand-landmarks/hands.py, without the networks: MediaPipe's crop rules and
the map from crop pixels back to image pixels (a wrong sign here puts every landmark of a turned
hand in the wrong place, and the tracking would follow it off the hand)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench" / "hand-landmarks"))
import hands  # noqa: E402


def upright_hand(cx=100.0, cy=80.0, size=20.0, turn=0.0):
    """21 landmarks of a flat hand, fingers up in the image, then turned by ``turn`` radians
    (positive: clockwise on screen, y pointing down)."""
    pts = np.zeros((21, 3))
    pts[0, :2] = (0, size)                    # wrist below
    for finger, x in zip(range(5), (-0.8, -0.4, 0.0, 0.4, 0.8)):
        for joint in range(4):
            pts[1 + 4 * finger + joint, :2] = (x * size, -joint * 0.5 * size)
    c, s = math.cos(turn), math.sin(turn)
    x, y = pts[:, 0].copy(), pts[:, 1].copy()
    pts[:, 0], pts[:, 1] = cx + c * x - s * y, cy + s * x + c * y
    return pts


@pytest.mark.parametrize("turn", [0.0, 0.5, -1.2, 2.8])
def test_the_next_frames_rectangle_turns_with_the_hand(turn):
    cx, cy, side, rot = hands.Tracker.next_rect(upright_hand(turn=turn))
    assert math.isclose((rot - turn + math.pi) % (2 * math.pi) - math.pi, 0, abs_tol=1e-6)
    assert side > 20


def test_the_palm_rectangle_moves_toward_the_fingers():
    # wrist at (100, 120), middle knuckle at (100, 100): the fingers point up, so the box moves up
    palm = dict(cx=100.0, cy=110.0, w=30.0, h=30.0, kx=[100.0, 0, 100.0], ky=[120.0, 0, 100.0])
    cx, cy, side, rot = hands.Tracker.hand_rect(palm)
    assert math.isclose(rot, 0, abs_tol=1e-9)
    assert math.isclose(cx, 100) and math.isclose(cy, 95)
    assert math.isclose(side, 30 * hands.ROI_SCALE)


@pytest.mark.parametrize("rot", [0.0, 0.7, -2.0])
def test_the_crop_map_sends_crop_pixels_where_the_crop_took_them_from(rot):
    img = Image.fromarray(np.random.default_rng(1).integers(0, 255, (160, 200, 3), dtype=np.uint8))
    rect = (90.0, 70.0, 60.0, rot)
    crop, (a, b, tx, d, e, ty) = hands.Tracker.crop(img, rect)
    # the crop's centre is the rectangle's centre, and its axes are the rectangle's, turned by rot
    half = hands.CROP_SIZE / 2
    assert math.isclose(a * half + b * half + tx, 90) and math.isclose(d * half + e * half + ty, 70)
    assert math.isclose(math.atan2(d, a), rot, abs_tol=1e-9)
    assert math.isclose(math.hypot(a, d) * hands.CROP_SIZE, 60)
    # a pixel of the crop has the colour of the image pixel the map names
    src = np.asarray(img)
    for u, v in ((112, 112), (60, 150), (180, 40)):
        x, y = a * u + b * v + tx, d * u + e * v + ty
        got = np.asarray(crop)[v, u].astype(int)
        want = src[int(round(y)), int(round(x))].astype(int)
        near = src[max(int(y) - 1, 0):int(y) + 3, max(int(x) - 1, 0):int(x) + 3].reshape(-1, 3).astype(int)
        assert ((near.min(0) - 1 <= got) & (got <= near.max(0) + 1)).all(), (u, v, got, want)


def test_features_are_zero_without_a_hand_and_carry_the_shape_with_one():
    n = 5
    pts = np.stack([upright_hand() for _ in range(n)]).astype(np.float32)
    pts[2] = np.nan
    rec = dict(pts=pts, size=np.array([176, 100]), flag=np.array([1, 1, 0, 1, 1], np.float32),
               handed=np.full(n, 0.9, np.float32))
    f = hands.features(rec)
    assert f.shape == (n, hands.FEATURES)
    assert not f[2].any()
    assert f[[0, 1, 3, 4], 69].tolist() == [1, 1, 1, 1]
    # the shape is in wrist-to-middle-knuckle lengths: the middle knuckle sits one length above the wrist
    assert np.allclose(f[0, 2 * 9:2 * 9 + 2], (0, -1), atol=1e-5)
    assert np.allclose(f[:, 63:69][[0, 1, 3, 4]], 0, atol=1e-6)   # it did not move
