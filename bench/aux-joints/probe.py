#!/usr/bin/python3
"""Where does a gesture network think the hand is? A probe of its features, on rendered and real clips.

A head (jesture_train.aux_landmarks.LandmarkHead) is fitted on the frozen, unpooled features of a
network to say where the hand's joints are, from rendered clips whose joints the world knows
(PoseTrack --every 1). It is then read on clips it was not fitted on, and its palm centre is
compared with what MediaPipe's hand tracker (trained on real hands; bench/hand-landmarks/track.py)
finds in the same frames:

  rendered validation clips: head against the world, tracker against the world, head against tracker
  real clips:                head against tracker

If the head lies about as far from the tracker on real hands as on rendered ones, the network's
features locate a real hand as they locate a rendered one, and what fails on real video is the
reading of its shape or motion; if it lies much further, the network does not find real hands.

  probe.py --checkpoint runs/aux-b/best.pt --pose target/aux/v7-hv3 --data data/synth-v7-hv3 \\
      --cache-dir target/res-cache --tracked-val target/hands/runs/val-probe.npy \\
      --tracked-real target/hands/runs/jester.npy --real ../shared/real-dev/jester

The window is 16 frames, every second frame, centred and starting on an even frame (frames 2, 4,
..., 32 of a 36-frame clip), so each of its frames is one the tracker read (track.py reads every
second frame from the first).
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "train"))
from jesture_train import contract  # noqa: E402
from jesture_train.augment import prepare_batch  # noqa: E402
from jesture_train.aux_landmarks import (FeatureTap, LandmarkHead, LandmarkTable, landmark_loss,  # noqa: E402
                                         picked_joints, source_to_input, window_targets)
from jesture_train.checkpoint import model_from_checkpoint  # noqa: E402
from jesture_train.data import FrameCache, decode_clip, read_labels  # noqa: E402

SOURCE = (176, 100)


def window(n: int) -> np.ndarray:
    """16 frames, every second, starting on an even frame and centred in a clip of n frames (the
    last even frame repeated where the clip is shorter than the window's 31 frames)."""
    start = max(0, (n - 31) // 4 * 2)
    return np.minimum(start + 2 * np.arange(16), (n - 1) // 2 * 2)


def features(net, tap, clips_u8: np.ndarray, batch: int = 32) -> torch.Tensor:
    out = []
    with torch.no_grad():
        for i in range(0, len(clips_u8), batch):
            x = prepare_batch(torch.from_numpy(clips_u8[i:i + batch]), contract.DEFAULT_MEAN, contract.DEFAULT_STD)
            net(x)
            out.append(tap.take())
    return torch.cat(out)


def rendered(cache: FrameCache, table: LandmarkTable, limit: int, only=None):
    """Windows, joints [N, 16, 21, 2] (normalised input coordinates) and presence [N, 16] of the
    cache's first ``limit`` clips that the table holds (and ``only`` names, if given), their ids and
    their frame counts."""
    clips, pts, present, ids, counts = [], [], [], [], []
    for i, cid in enumerate(cache.ids):
        row = table.rows.get(cid)
        if row is None or (only is not None and cid not in only):
            continue
        idx = window(int(cache.counts[i]))
        p, m = picked_joints(table.points[row], idx, SOURCE, cache.height, cache.width)
        clips.append(cache.clip(i, idx))
        pts.append(p)
        present.append(m)
        ids.append(cid)
        counts.append(int(cache.counts[i]))
        if len(ids) == limit:
            break
    return np.stack(clips), torch.from_numpy(np.stack(pts)), torch.from_numpy(np.stack(present)), ids, counts


def tracked(records: dict, key: str, frames: int, h: int, w: int):
    """The tracker's joints on the window's frames: [16, 21, 2] normalised, presence [16]."""
    r = records[key]
    idx = window(frames) // 2
    pts = r["pts"][idx, :, :2]
    ok = (~np.isnan(pts).any(axis=(1, 2))) & (r["flag"][idx] >= 0.5)
    size = tuple(int(v) for v in r["size"])
    return source_to_input(np.nan_to_num(pts), size, h, w), ok.astype(np.float32)


def centres(target: torch.Tensor, weight: torch.Tensor) -> np.ndarray:
    """Palm centres [N, steps, 2] in input pixels, NaN where the step has no hand."""
    c = target[..., :2].clone()
    c[weight == 0] = float("nan")
    return c.numpy()


def distance(a: np.ndarray, b: np.ndarray, h: int, w: int) -> np.ndarray:
    d = (a - b) * np.array([w / 2, h / 2])
    d = np.sqrt((d ** 2).sum(-1)).ravel()
    return d[~np.isnan(d)]


def line(name: str, d: np.ndarray) -> str:
    if d.size == 0:
        return f"{name:44s} no step with a hand in both"
    return (f"{name:44s} {d.size:5d} steps  median {np.median(d):5.2f} px  "
            f"p25 {np.percentile(d, 25):5.2f}  p75 {np.percentile(d, 75):5.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, required=True, help="a training checkpoint (jesture_train.unfold makes one from an ONNX model)")
    ap.add_argument("--pose", type=Path, required=True, help="PoseTrack --every 1 output prefix of --data's export")
    ap.add_argument("--data", type=Path, required=True, help="the rendered export (Jester layout)")
    ap.add_argument("--cache-dir", type=Path, required=True)
    ap.add_argument("--tracked-val", type=Path, required=True, help="track.py output for --data's validation clips")
    ap.add_argument("--tracked-real", type=Path, required=True, help="track.py output for the real clips")
    ap.add_argument("--real", type=Path, required=True, help="the real clips' folder (Jester layout)")
    ap.add_argument("--fit", type=int, default=3000, help="rendered training clips the head is fitted on")
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    net, cfg, _ = model_from_checkpoint(args.checkpoint)
    net.eval()
    tap = FeatureTap(net)
    h, w = cfg.height, cfg.width_px
    labels = read_labels(args.data)
    table = LandmarkTable.load(args.pose)
    train = FrameCache.build_or_open(args.data, "train", labels, h, w, args.cache_dir, 2)
    val = FrameCache.build_or_open(args.data, "validation", labels, h, w, args.cache_dir, 2)

    x_fit, p_fit, m_fit, _, _ = rendered(train, table, args.fit)
    f_fit = features(net, tap, x_fit)
    steps = f_fit.shape[2]
    t_fit, w_fit = window_targets(p_fit, m_fit, steps, h, w)
    head = LandmarkHead(f_fit.shape[1], f_fit.shape[3] * f_fit.shape[4], generator=torch.Generator().manual_seed(args.seed))
    opt = torch.optim.Adam(head.parameters(), lr=2e-3, weight_decay=1e-4)
    for s in range(args.steps):
        pick = torch.randint(len(f_fit), (256,))
        loss = landmark_loss(head(f_fit[pick]), t_fit[pick], w_fit[pick])
        opt.zero_grad()
        loss.backward()
        opt.step()
    head.eval()
    print(f"head fitted on {len(f_fit)} rendered training windows: joints' loss {float(loss):.4f}")

    val_records = np.load(args.tracked_val, allow_pickle=True).item()
    by_id = {Path(k).name: k for k in val_records}
    x_val, p_val, m_val, ids, counts = rendered(val, table, 10 ** 9, only=by_id)
    with torch.no_grad():
        pred = head(features(net, tap, x_val))
    world_t, world_w = window_targets(p_val, m_val, steps, h, w)
    tr = [tracked(val_records, by_id[cid], n, h, w) for cid, n in zip(ids, counts)]
    trk_t, trk_w = window_targets(torch.from_numpy(np.stack([t[0] for t in tr])),
                                  torch.from_numpy(np.stack([t[1] for t in tr])), steps, h, w)
    c_head = pred[..., :2].numpy()
    c_world, c_trk = centres(world_t, world_w), centres(trk_t, trk_w)
    print(f"rendered validation clips: {len(ids)}; palm centre, distance in pixels of the {w}x{h} input:")
    print(line("  head against the world", distance(c_head, c_world, h, w)))
    print(line("  tracker against the world", distance(c_trk, c_world, h, w)))
    print(line("  head against the tracker", distance(c_head, c_trk, h, w)))

    real_records = np.load(args.tracked_real, allow_pickle=True).item()
    rows = []
    for key in sorted(real_records):
        folder = Path(key)
        frames = decode_clip(folder, h, w)
        with torch.no_grad():
            p = head(features(net, tap, frames[window(len(frames))][None]))[0]
        tp, tw = tracked(real_records, key, len(frames), h, w)
        t_t, t_w = window_targets(torch.from_numpy(tp)[None], torch.from_numpy(tw)[None], steps, h, w)
        d = distance(p[None, :, :2].numpy(), centres(t_t, t_w), h, w)
        rows.append((folder.name, d))
    print(f"real clips: {len(rows)}; palm centre, head against the tracker:")
    print(line("  all real steps with a tracked hand", np.concatenate([d for _, d in rows]) if rows else np.array([])))
    for name, d in rows:
        print(f"    {name:32s} " + (" ".join(f"{v:5.2f}" for v in d) if d.size else "(no tracked hand in the window)"))
    tap.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
