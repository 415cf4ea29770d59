"""bench/hand-landmarks/pose_track.py and landmark_net.tracker_like, without the networks: the hand's
own axes, the calibration that moves the world's joints into the tracker's convention, and the
tracker's misses simulated in training."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench" / "hand-landmarks"))
import landmark_net  # noqa: E402
import pose_track  # noqa: E402


def hand(cx=80.0, cy=50.0, palm=10.0, turn=0.0, frames=4):
    """[frames, 21, 3]: a flat hand, fingers up, the middle knuckle one palm above the wrist, turned
    by ``turn`` radians in the image; each point a little deeper than the one before."""
    p = np.zeros((21, 3))
    p[0, :2] = (0, 0)
    for finger, x in enumerate((-0.6, -0.3, 0.0, 0.3, 0.6)):
        for joint in range(4):
            p[1 + 4 * finger + joint, :2] = (x * palm, -(1 + 0.5 * joint) * palm)
    c, s = math.cos(turn), math.sin(turn)
    x, y = p[:, 0].copy(), p[:, 1].copy()
    p[:, 0], p[:, 1] = cx + c * x - s * y, cy + s * x + c * y
    p[:, 2] = np.arange(21) * 0.1 * palm
    return np.repeat(p[None], frames, 0).astype(np.float32)


def test_the_hands_axes_put_the_middle_knuckle_one_palm_above_the_wrist_at_any_turn():
    for turn in (0.0, 0.7, -2.0, 3.0):
        g = hand(turn=turn)[:, :, :2].astype(np.float64)
        o, rot, L = pose_track.hand_frame(g)
        local = np.einsum("fij,fpj->fpi", rot, g - o[:, None]) / L[:, None, None]
        assert np.allclose(L, 10)
        assert np.allclose(local[:, 9], (0, -1), atol=1e-9)
        assert np.allclose(local[:, 0], 0, atol=1e-9)


def test_a_hand_counts_as_shown_when_at_least_half_of_it_is_in_the_frame():
    inside, half_out = hand(cx=80), hand(cx=80)
    half_out[:, :11, 0] += 500                     # 11 of 21 points pushed out to the right
    out = hand(cy=-100)
    assert pose_track.shown(inside).all()
    assert not pose_track.shown(half_out).any()
    assert not pose_track.shown(out).any()


def test_calibration_recovers_an_offset_in_the_hands_axes_and_records_apply_it():
    # the "tracker" reports every point a fifth of a palm nearer the wrist, whatever the hand's turn
    offset = np.zeros((21, 2))
    offset[:, 1] = 0.2
    pose, tracked = {}, {}
    for i, turn in enumerate((0.0, 0.9, -1.4, 2.5)):
        gt = hand(turn=turn, palm=12.0)
        o, rot, L = pose_track.hand_frame(gt[:, :, :2].astype(np.float64))
        seen = gt.copy()
        seen[:, :, :2] += np.einsum("fji,pj->fpi", rot, offset) * L[:, None, None]
        seen[:, :, 2] *= 0.5
        key = f"data/x/{i}"
        pose[key] = ("Stop Sign", "train", 1 if i % 2 else -1, gt)
        tracked[key] = dict(pts=seen, flag=np.ones(len(gt), np.float32), handed=np.full(len(gt), 0.8 if i % 2 else 0.3, np.float32))
    cal = pose_track.calibrate(pose, tracked)
    assert np.allclose(cal["offset"], offset, atol=1e-5)
    assert cal["residual"] < 1e-5
    assert math.isclose(cal["depth"], 0.5, rel_tol=1e-5) and cal["depth_corr"] > 0.999
    assert np.allclose(cal["handed_right"], 0.8) and np.allclose(cal["handed_left"], 0.3)
    label, _, side, gt = pose["data/x/2"]
    r = pose_track.record(label, side, gt, cal, np.random.default_rng(0))
    assert np.allclose(r["pts"][:, :, :2], tracked["data/x/2"]["pts"][:, :, :2], atol=1e-3)
    assert r["flag"].all() and r["pose"]
    assert np.allclose(r["handed"], 0.3)           # a left hand gets the tracker's left-hand scores


def test_a_hand_out_of_the_frame_is_no_hand_in_the_record():
    cal = dict(offset=np.zeros((21, 2)), depth=1.0, handed_right=np.array([0.9]), handed_left=np.array([0.1]))
    gt = hand()
    gt[2:] = hand(cy=-200)[2:]
    r = pose_track.record("Swiping Up", 1, gt, cal, np.random.default_rng(0))
    assert r["flag"].tolist() == [1, 1, 0, 0]
    assert np.isnan(r["pts"][2:]).all() and not np.isnan(r["pts"][:2]).any()
    assert r["handed"].tolist() == [np.float32(0.9), np.float32(0.9), 0, 0]


def test_tracker_like_loses_the_share_of_frames_asked_and_moves_points_by_the_palm_length():
    gt = hand(frames=200, palm=20.0)
    r = dict(pts=gt, flag=np.ones(200, np.float32))
    rng = np.random.default_rng(1)
    kept = landmark_net.tracker_like(r, rng, (0.0, 0.0))
    lost = landmark_net.tracker_like(r, rng, (1.0, 1.0))
    half = landmark_net.tracker_like(r, rng, (0.5, 0.5))
    assert kept["flag"].all() and not np.isnan(kept["pts"]).any()
    assert not lost["flag"].any() and np.isnan(lost["pts"][:, :, :2]).all()
    assert 70 < half["flag"].sum() < 130
    moved = np.abs(kept["pts"][:, :, :2] - gt[:, :, :2])
    assert 0.02 * 20 * 0.3 < moved.std() < 0.08 * 20 * 1.5     # 2% to 8% of a 20-pixel palm
    assert np.array_equal(r["pts"], gt)            # the record itself is untouched
