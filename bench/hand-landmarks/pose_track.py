#!/usr/bin/python3
"""The synthetic world's own hand landmarks (PoseTrack.java) as tracked records, and how they differ
from what MediaPipe's tracker reads in the same rendered clips.

  pose_track.py compare --pose PREFIX --tracked F.npy [F.npy ...] [--root DIR]
  pose_track.py audit --pose PREFIX --tracked F.npy [F.npy ...] [--root DIR] [--sheet OUT.png [--frames DIR]]
  pose_track.py records --pose PREFIX --split train --calibrate F.npy [F.npy ...] --out F.npy
                        [--calibrate-pose PREFIX] [--seed S]

``compare`` lines the pose track up with tracked records of the same clips (track.py on the export
that PoseTrack's settings describe) and measures, on rendered frames only: when the tracker finds a
hand that the pose track shows in the frame, how far its landmarks lie from the world's points (in
palm lengths, after the best similarity transform per frame and without it), and whether its
handedness follows the drawn side. ``records`` writes the pose track as track.py's records, with the
tracker's misses and errors as ``compare`` measured them on the rendered clips (never on real ones),
so that landmark_net.py can train on it. ``audit`` asks, class by class, whether a tracker trained on
real hands reads the drawn hand as the pose the world meant: how often it finds a hand that is in the
frame, and how far its landmarks lie from the world's after the best similarity per frame; ``--sheet``
draws both over frames of the rendered clips (the world's in green, the tracker's in red).
"""
import argparse
import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hands import hand_found, load_records  # noqa: E402

SIZE = (176, 100)
FRAMES = 18


def load_pose(prefix: str, root: str = "data/synth-v7-hv3"):
    """{record key: (label, split, side, pts [18, 21, 3])}; keys under ``root``, by default as track.py
    names the same clips of the export rendered to data/synth-v7-hv3."""
    rows = list(csv.reader(open(prefix + ".csv"), delimiter=";"))
    pts = np.fromfile(prefix + ".f32", dtype="<f4").reshape(len(rows), FRAMES, 21, 3)
    return {f"{root}/{r[0]}": (r[1], r[2], int(r[3]), pts[i]) for i, r in enumerate(rows)}


def aligned_residual(g: np.ndarray, m: np.ndarray) -> np.ndarray:
    """[21] each of the tracker's landmarks m from the world's g ([21, 2] each) after the best
    similarity transform from g to m, in units of g's palm length."""
    zg = (g - g.mean(0)) @ np.array([1, 1j])
    zm = (m - m.mean(0)) @ np.array([1, 1j])
    a = (np.conj(zg) @ zm) / (np.conj(zg) @ zg)
    return np.abs(zm - a * zg) / np.linalg.norm(g[9] - g[0])


def palm_length(pts: np.ndarray) -> np.ndarray:
    return np.linalg.norm(pts[..., 9, :2] - pts[..., 0, :2], axis=-1)


def compare(args):
    pose = load_pose(args.pose, args.root)
    tracked = {k: r for k, r in load_records(args.tracked).items() if k in pose}
    in_view = hits = both = 0
    err_raw, err_aligned, per_point, hand_agree = [], [], [], 0
    for key, r in tracked.items():
        _, _, side, gt = pose[key]
        vis, hit = shown(gt), hand_found(r)
        in_view += vis.sum()
        hits += hit.sum()
        both += (hit & vis).sum()
        for t in np.flatnonzero(hit & vis):
            g, m = gt[t, :, :2].astype(np.float64), r["pts"][t, :, :2].astype(np.float64)
            if palm_length(gt[t]) < 2:
                continue
            err_raw.append(np.linalg.norm(m - g, axis=1).mean() / palm_length(gt[t]))
            per_point.append(aligned_residual(g, m))
            err_aligned.append(per_point[-1].mean())
            hand_agree += (r["handed"][t] > 0.5) == (side > 0)
    print(f"clips lined up: {len(tracked)}")
    print(f"frames with at least half of the hand in the frame (pose track): {in_view}; tracker found a hand: {hits}; both: {both}")
    print(f"  tracker finds {both / max(in_view, 1):.3f} of the hands in the frame; "
          f"{(hits - both) / max(hits, 1):.3f} of its hands are where the pose track has none")
    print(f"landmark distance, palm lengths, median: raw {np.median(err_raw):.3f}, "
          f"after the best similarity per frame {np.median(err_aligned):.3f}")
    print("  per point after alignment: " + " ".join(f"{v:.2f}" for v in np.median(np.array(per_point), 0)))
    print(f"handedness > 0.5 agrees with the drawn right hand in {hand_agree}/{len(per_point)} frames")
    cal = calibrate(pose, tracked)
    print("median offset of each landmark in the hand's axes (x, y; palm lengths, y toward the wrist): "
          + " ".join(f"{x:+.2f},{y:+.2f}" for x, y in cal["offset"]))
    print(f"landmark distance after those offsets, median: {cal['residual']:.3f}")
    print(f"depth: the world's spreads {1 / cal['depth']:.1f} times as wide as the tracker's; correlation {cal['depth_corr']:.2f}")
    return 0


def hand_frame(g: np.ndarray):
    """Per frame, the wrist and the rotation (2 x 2) into the hand's own axes: y from the middle
    knuckle to the wrist, lengths in palm lengths; and the palm length. g: [frames, 21, 2]."""
    v = g[:, 9] - g[:, 0]
    L = np.linalg.norm(v, axis=1) + 1e-9
    ey = -v / L[:, None]
    ex = np.stack([-ey[:, 1], ey[:, 0]], 1)
    return g[:, 0], np.stack([ex, ey], 1), L


def calibrate(pose: dict, tracked: dict) -> dict:
    """What the tracker does to a hand the world draws, measured on rendered clips tracked in pixels:
    the median offset of each landmark in the hand's own axes, the ratio of the depths' spreads, and
    its handedness scores for drawn right and left hands."""
    offs, gz, mz, handed = [], [], [], {1: [], -1: []}
    for key, r in tracked.items():
        if key not in pose:
            continue
        _, _, side, gt = pose[key]
        t = np.flatnonzero(hand_found(r) & shown(gt))
        if not len(t):
            continue
        o, rot, L = hand_frame(gt[t, :, :2].astype(np.float64))
        ok = L >= 2
        g = np.einsum("fij,fpj->fpi", rot, gt[t, :, :2] - o[:, None]) / L[:, None, None]
        m = np.einsum("fij,fpj->fpi", rot, r["pts"][t, :, :2] - o[:, None]) / L[:, None, None]
        offs.append((m - g)[ok])
        gz.append((gt[t, 1:, 2] - gt[t, :1, 2])[ok].ravel())
        mz.append((r["pts"][t, 1:, 2] - r["pts"][t, :1, 2])[ok].ravel())
        handed[side].extend(r["handed"][t].tolist())
    offs, gz, mz = np.concatenate(offs), np.concatenate(gz), np.concatenate(mz)
    offset = np.median(offs, 0)
    return dict(offset=offset, depth=float(mz.std() / gz.std()), depth_corr=float(np.corrcoef(gz, mz)[0, 1]),
                residual=float(np.median(np.linalg.norm(offs - offset, axis=2).mean(1))),
                handed_right=np.array(handed[1], np.float32), handed_left=np.array(handed[-1], np.float32))


def shown(gt: np.ndarray) -> np.ndarray:
    """[frames] whether at least half of the hand's 21 points lie inside the frame: the hands the
    tracker can find (it finds few with less, compare's figures)."""
    p = gt[:, :, :2]
    inside = (p[..., 0] >= 0) & (p[..., 0] < SIZE[0]) & (p[..., 1] >= 0) & (p[..., 1] < SIZE[1])
    return inside.mean(1) > 0.5


def record(label: str, side: int, gt: np.ndarray, cal: dict, rng) -> dict:
    """One clip's pose track as track.py's record, in the tracker's convention as ``cal`` measured it:
    each point moved by its offset in the hand's own axes, depth scaled, handedness drawn from the
    tracker's scores for that side, no hand where less than half of it is in the frame."""
    vis = shown(gt)
    o, rot, L = hand_frame(gt[:, :, :2].astype(np.float64))
    xy = gt[:, :, :2] + np.einsum("fji,pj->fpi", rot, cal["offset"]) * L[:, None, None]
    pts = np.full(gt.shape, np.nan, np.float32)
    pts[vis, :, :2] = xy[vis]
    pts[vis, :, 2] = gt[vis, :, 2] * cal["depth"]
    pool = cal["handed_right"] if side > 0 else cal["handed_left"]
    return dict(label=label, size=np.array(SIZE), pts=pts, pose=True,
                palm=vis.astype(np.float32), flag=vis.astype(np.float32),
                handed=np.where(vis, rng.choice(pool, len(vis)), 0).astype(np.float32))


def records(args):
    # Named apart from the tracked records of the same clips, so that training can read both.
    pose = load_pose(args.pose, f"pose/{Path(args.pose).name}")
    tracked = load_records(args.calibrate)
    cal = calibrate(load_pose(args.calibrate_pose or args.pose), tracked)
    print(f"calibrated on {len(tracked)} tracked rendered clips: depth spread x{cal['depth']:.3f}; "
          f"handedness > 0.5 for {np.mean(cal['handed_right'] > 0.5):.2f} of right and {np.mean(cal['handed_left'] > 0.5):.2f} of left hands")
    rng = np.random.default_rng(args.seed)
    out = {key: record(label, side, gt, cal, rng) for key, (label, split, side, gt) in pose.items() if split == args.split}
    if Path(args.out).exists():
        print(f"pose_track: {args.out} exists; choose another --out", file=sys.stderr)
        return 2
    np.save(args.out, out, allow_pickle=True)
    shown_frames = np.mean([r["flag"].mean() for r in out.values()])
    print(f"{args.out}: {len(out)} clips of the {args.split} split; the hand in the frame in {shown_frames:.2f} of frames")
    return 0


def audit(args):
    pose = load_pose(args.pose, args.root)
    tracked = {k: r for k, r in load_records(args.tracked).items() if k in pose}
    hits, resid, shown_by = {}, {}, {}
    for key, r in tracked.items():
        label, _, _, gt = pose[key]
        vis, hit = shown(gt), hand_found(r)
        h = hits.setdefault(label, [0, 0])
        h[0] += int((vis & hit).sum())
        h[1] += int(vis.sum())
        for t in np.flatnonzero(vis & hit):
            if palm_length(gt[t]) < 2:
                continue
            resid.setdefault(label, []).append(float(aligned_residual(gt[t, :, :2].astype(np.float64), r["pts"][t, :, :2].astype(np.float64)).mean()))
            shown_by.setdefault(label, []).append((key, t))
    print(f"{'class':32s} {'found':>7s} {'shape':>7s}   (found: share of hands at least half in the frame that the tracker "
          "finds; shape: median landmark distance after the best similarity, palm lengths)")
    order = sorted(hits, key=lambda l: -np.median(resid.get(l, [0])))
    for label in order:
        n, d = hits[label]
        print(f"{label:32s} {n / max(d, 1):7.2f} {np.median(resid.get(label, [np.nan])):7.3f}")
    if args.sheet:
        sheet(args, pose, tracked, order[:args.sheet_classes], shown_by)
    return 0


def sheet(args, pose, tracked, labels, shown_by):
    """Two frames of each of the classes read least like the world's pose, 3x, both hands drawn."""
    from PIL import Image, ImageDraw

    scale, tiles = 3, []
    chains = ([0, 1, 2, 3, 4], [0, 5, 6, 7, 8], [0, 9, 10, 11, 12], [0, 13, 14, 15, 16], [0, 17, 18, 19, 20])
    for label in labels:
        picks = shown_by[label]
        for key, t in (picks[len(picks) // 3], picks[2 * len(picks) // 3]):
            frame = Path(args.frames or args.root) / Path(key).name / f"{2 * t + 1:05d}.jpg"   # 6 fps of 12: every second frame
            im = Image.open(frame).convert("RGB").resize((SIZE[0] * scale, SIZE[1] * scale))
            d = ImageDraw.Draw(im)
            for pts, colour in ((pose[key][3][t], (0, 255, 0)), (tracked[key]["pts"][t], (255, 0, 0))):
                for c in chains:
                    d.line([(pts[i, 0] * scale, pts[i, 1] * scale) for i in c], fill=colour, width=2)
            d.text((4, 4), f"{label}, clip {Path(key).name}, frame {2 * t + 1}", fill=(255, 255, 0))
            tiles.append(im)
    w, h = SIZE[0] * scale, SIZE[1] * scale
    out = Image.new("RGB", (2 * w, h * len(labels)))
    for i, im in enumerate(tiles):
        out.paste(im, ((i % 2) * w, (i // 2) * h))
    out.save(args.sheet)
    print(f"{args.sheet}: {len(labels)} classes, two frames each")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--pose", required=True)
    c.add_argument("--tracked", nargs="+", required=True)
    c.add_argument("--root", default="data/synth-v7-hv3", help="the export the tracked records name their clips under")
    r = sub.add_parser("records")
    r.add_argument("--pose", required=True)
    r.add_argument("--split", default="train")
    r.add_argument("--calibrate", nargs="+", required=True, help="tracked records of rendered clips of the same export")
    r.add_argument("--calibrate-pose", help="the pose track of the tracked clips, when --pose is another export's")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--out", required=True)
    a = sub.add_parser("audit")
    a.add_argument("--pose", required=True)
    a.add_argument("--tracked", nargs="+", required=True)
    a.add_argument("--root", default="data/synth-v7-hv3", help="the export the tracked records name their clips under")
    a.add_argument("--sheet", help="a PNG of the classes read least like the world's pose")
    a.add_argument("--sheet-classes", type=int, default=4)
    a.add_argument("--frames", help="the rendered export the records were tracked from (default: --root)")
    args = ap.parse_args(argv)
    return {"compare": compare, "records": records, "audit": audit}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
