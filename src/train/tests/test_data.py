import math
import numpy as np
import pytest
import torch
from PIL import Image

from jesture_train import contract
from jesture_train.augment import AugmentConfig, affine_matrices, augment, prepare_batch, to_float
from jesture_train.data import (ClipDataset, DatasetError, FrameCache, cover_center_crop, cover_size,
                                make_loader, read_labels, read_split, sample_indices)


# ---- the synthetic export (Java renderer) ------------------------------------------------------

def test_synthetic_export_is_read_in_jester_label_order(synth_dir):
    assert read_labels(synth_dir) == contract.JESTER_LABELS
    train = read_split(synth_dir, "train", contract.JESTER_LABELS)
    val = read_split(synth_dir, "validation", contract.JESTER_LABELS)
    assert train and val
    assert not {s.clip_id for s in train} & {s.clip_id for s in val}


def test_synthetic_export_loads_as_uint8_clips(synth_dir, tmp_path):
    cache = FrameCache.build_or_open(synth_dir, "validation", contract.JESTER_LABELS, 96, 128,
                                     cache_dir=tmp_path, log=lambda m: None)
    assert cache.frames.shape[1:] == (96, 128, 3)
    assert (cache.counts >= 1).all()
    ds = ClipDataset(cache, clip_len=16, stride=1.0, train=False)
    clips, labels = next(iter(make_loader(ds, batch_size=4, shuffle=False, workers=0)))
    assert clips.shape == (4, 16, 96, 128, 3) and clips.dtype == torch.uint8
    assert labels.tolist() == cache.labels[:4]
    assert clips.float().std() > 5, "frames decoded to a flat image"
    x = prepare_batch(clips, contract.DEFAULT_MEAN, contract.DEFAULT_STD, AugmentConfig())
    assert x.shape == (4, 3, 16, 96, 128) and x.dtype == torch.float32


# ---- layout errors ----------------------------------------------------------------------------

def test_missing_labels_file_names_the_file(tmp_path):
    with pytest.raises(DatasetError, match="jester-v1-labels.csv"):
        read_labels(tmp_path)


def test_unknown_label_in_split_names_line(tmp_path):
    (tmp_path / "jester-v1-labels.csv").write_text("a\nb\n")
    (tmp_path / "jester-v1-train.csv").write_text("1;a\n2;c\n")
    with pytest.raises(DatasetError, match=r"jester-v1-train.csv:2: label 'c'"):
        read_split(tmp_path, "train", ["a", "b"])


# ---- preprocessing ----------------------------------------------------------------------------

def test_cover_center_crop_keeps_aspect_and_centre():
    assert cover_size(176, 100, 96, 128) == (169, 96)   # scale 0.96, crop width
    assert cover_size(640, 480, 96, 128) == (128, 96)   # 4:3 webcam: no crop
    assert cover_size(100, 100, 96, 128) == (128, 128)  # crop height
    img = Image.new("RGB", (176, 100), (0, 0, 0))
    img.paste((255, 0, 0), (84, 46, 92, 54))  # red block at the centre
    img.paste((0, 255, 0), (0, 0, 10, 100))   # green stripe at the left edge: cropped away
    out = cover_center_crop(img, 96, 128)
    assert out.shape == (96, 128, 3) and out.dtype == np.uint8
    ys, xs = np.nonzero(out[..., 0] > 128)
    assert abs(xs.mean() - 63.5) < 1.5 and abs(ys.mean() - 47.5) < 1.5
    assert out[..., 1].max() < 60


# ---- temporal sampling ------------------------------------------------------------------------

def test_center_sampling_is_centred_and_consecutive():
    assert sample_indices(36, 16, 1.0, "center").tolist() == list(range(10, 26))
    assert sample_indices(36, 16, 2.0, "center").tolist() == list(range(3, 35, 2))


def test_short_clip_pads_with_edge_frames():
    idx = sample_indices(10, 16, 1.0, "center")
    assert idx.min() == 0 and idx.max() == 9 and len(idx) == 16
    assert (np.diff(idx) >= 0).all()
    assert (idx == 0).sum() >= 3 and (idx == 9).sum() >= 3


def test_random_sampling_jitters_within_the_clip():
    rng = np.random.default_rng(0)
    starts = set()
    for _ in range(200):
        idx = sample_indices(36, 16, 1.0, "random", rng, speed_jitter=0.2)
        assert len(idx) == 16 and idx.min() >= 0 and idx.max() <= 35
        assert (np.diff(idx) >= 0).all(), "frames must stay in temporal order"
        starts.add(int(idx[0]))
    assert len(starts) > 10


# ---- augmentation never mirrors ---------------------------------------------------------------

def _centroid_x(frames: torch.Tensor) -> torch.Tensor:
    """x centroid of the bright square per frame; frames [3,T,H,W] in [0,1]."""
    m = (frames.mean(0) > 0.6).float()
    xs = torch.arange(m.shape[-1], dtype=torch.float32)
    return (m.sum(1) * xs).sum(-1) / m.sum((1, 2)).clamp(min=1)


def test_augmentation_keeps_left_right_motion(tiny_dir, tmp_path):
    # Label 0 of the tiny dataset moves the square toward +x (image right).
    cache = FrameCache.build_or_open(tiny_dir, "validation", contract.JESTER_LABELS, 64, 96,
                                     cache_dir=tmp_path, log=lambda m: None)
    i = cache.labels.index(0)
    clip = torch.from_numpy(cache.clip(i, sample_indices(int(cache.counts[i]), 16, 1.0, "center")))
    x = to_float(clip[None].repeat(32, 1, 1, 1, 1))
    assert _centroid_x(x[0])[-1] - _centroid_x(x[0])[0] > 10
    cfg = AugmentConfig(rotate_deg=10, translate=0.15, scale=0.1, noise=0.0, brightness=0.1,
                        contrast=0.1, saturation=0.1, white_balance=0.05)
    y = augment(x, cfg, torch.Generator().manual_seed(0))
    for b in range(y.shape[0]):
        cx = _centroid_x(y[b])
        assert cx[-1] - cx[0] > 5, f"augmented clip {b} moves {float(cx[-1] - cx[0]):.1f} px: mirrored?"
    # The check above must be able to fail: a flipped clip moves the other way.
    cx = _centroid_x(torch.flip(x[0], dims=[-1]))
    assert cx[-1] - cx[0] < -5


def test_affine_matrices_have_positive_determinant():
    theta = affine_matrices(1000, AugmentConfig(), torch.device("cpu"), torch.Generator().manual_seed(1))
    det = theta[:, 0, 0] * theta[:, 1, 1] - theta[:, 0, 1] * theta[:, 1, 0]
    assert (det > 0).all()
    assert theta[:, :, 2].abs().max() <= 0.3 + 1e-6  # translation <= 15 % (normalised coords span 2)


def test_one_transform_per_clip():
    # A static clip stays static after augmentation: every frame gets the same warp.
    frame = torch.rand(1, 3, 1, 32, 32)
    x = frame.repeat(4, 1, 8, 1, 1)
    y = augment(x, AugmentConfig(noise=0.0), torch.Generator().manual_seed(2))
    assert torch.allclose(y[:, :, :1].expand_as(y), y, atol=1e-5)
    assert not torch.allclose(y[0], y[1], atol=1e-3)


# ---- blur: webcams are soft ----------------------------------------------------------------------

def test_blur_softens_without_moving_and_sigma_zero_is_identity():
    from jesture_train.augment import gaussian_blur
    g = torch.Generator().manual_seed(0)
    x = torch.zeros(2, 3, 4, 16, 16)
    x[:, :, :, 8, 8] = 1.0                                  # one bright pixel per frame
    off = gaussian_blur(x, AugmentConfig(blur=1.5, blur_prob=0.0), g)
    assert torch.equal(off, x)
    y = gaussian_blur(x, AugmentConfig(blur=1.5, blur_prob=1.0), g)
    assert y.shape == x.shape
    assert float(y.max()) < 1.0                             # spread out
    assert abs(float(y.sum()) - float(x.sum())) < 1e-3      # no light lost or gained
    # symmetric kernel: the centre of mass stays on the pixel, so no motion is invented
    idx = torch.arange(16, dtype=torch.float32)
    cy = (y.sum(dim=4) * idx).sum(dim=3) / y.sum(dim=(3, 4))
    assert torch.allclose(cy, torch.full_like(cy, 8.0), atol=1e-4)


# ---- hue and grey: skin colour must not be how a hand is found -----------------------------------

def test_hue_rotation_keeps_grey_and_brightness_and_turns_colours():
    from jesture_train.augment import hue_matrices
    r = hue_matrices(torch.tensor([0.0, math.pi / 3, -math.pi / 2]))
    assert torch.allclose(r[0], torch.eye(3), atol=1e-6)
    grey = torch.tensor([0.4, 0.4, 0.4])
    for m in r:
        assert torch.allclose(m @ grey, grey, atol=1e-6)            # greys stay grey
        assert abs(float(torch.det(m)) - 1.0) < 1e-5                # a rotation: no mirror, no gain
    red = torch.tensor([1.0, 0.0, 0.0])
    turned = r[1] @ red
    assert abs(float(turned.sum()) - 1.0) < 1e-5                    # channel sum kept
    assert float(turned[1]) > 0.5                                   # 60 degrees: red moves to yellow
    # a full turn the other way comes back: the rotation is about the grey axis, not a gain
    back = hue_matrices(torch.tensor([-math.pi / 3]))[0] @ turned
    assert torch.allclose(back, red, atol=1e-5)


def test_grayscale_share_and_hue_off_by_default():
    x = torch.rand(64, 3, 2, 8, 8)
    cfg = AugmentConfig(rotate_deg=0, translate=0, scale=0, brightness=0, contrast=0, saturation=0,
                        white_balance=0, grayscale=0.5)
    y = augment(x, cfg, torch.Generator().manual_seed(3))
    grey = [(y[b].max(0).values - y[b].min(0).values).abs().max() < 1e-5 for b in range(64)]
    assert 16 <= sum(bool(g) for g in grey) <= 48                   # about half turned grey
    # with every jitter at zero and no grey share, the colours pass through untouched
    cfg0 = AugmentConfig(rotate_deg=0, translate=0, scale=0, brightness=0, contrast=0, saturation=0,
                         white_balance=0)
    assert cfg0.hue_deg == 0 and cfg0.grayscale == 0
    y0 = augment(x, cfg0, torch.Generator().manual_seed(3))
    assert torch.allclose(y0, x, atol=1e-5)


# ---- random convolutions: texture scrambled, shape and motion kept --------------------------------

def test_random_convolution_keeps_motion_and_changes_texture():
    from jesture_train.augment import random_convolution
    # a static clip stays static: one kernel per clip, all frames alike
    frame = torch.rand(1, 3, 1, 24, 24)
    x = frame.repeat(6, 1, 5, 1, 1)
    y = random_convolution(x, AugmentConfig(randconv=1.0), torch.Generator().manual_seed(4))
    assert y.shape == x.shape and float(y.min()) >= 0.0 and float(y.max()) <= 1.0
    assert torch.allclose(y[:, :, :1].expand_as(y), y, atol=1e-5)
    changed = [(y[b] - x[b]).abs().mean().item() > 1e-3 for b in range(6)]
    assert sum(changed) >= 4, "a random convolution left most clips untouched"
    # off: untouched, bit for bit
    off = random_convolution(x, AugmentConfig(randconv=0.0), torch.Generator().manual_seed(4))
    assert torch.equal(off, x)
    # a moving square still moves the same way: the centroid's path survives the filter
    m = torch.zeros(8, 3, 6, 32, 48)
    for t in range(6):
        m[:, :, t, 10:20, 4 + 6 * t:14 + 6 * t] = 1.0
    z = random_convolution(m, AugmentConfig(randconv=1.0), torch.Generator().manual_seed(5))
    for b in range(8):
        d = (z[b] - z[b, :, :1]).abs().mean(0)             # what changed since the first frame
        xs = torch.arange(48, dtype=torch.float32)
        cx = [(d[t].sum(0) * xs).sum() / d[t].sum().clamp(min=1e-6) for t in range(1, 6)]
        assert cx[-1] > cx[0] + 5, f"clip {b}: the moving square no longer moves right"


def test_randconv_share_must_be_a_share(tmp_path):
    from jesture_train.train import parse_args
    with pytest.raises(SystemExit):
        parse_args(["--data", str(tmp_path), "--out", str(tmp_path / "o"), "--randconv", "1.5"])
    assert parse_args(["--data", str(tmp_path), "--out", str(tmp_path / "o"), "--randconv", "0.5"]).randconv == 0.5


def test_a_joined_dataset_copies_its_sources_cached_clips_instead_of_decoding_them(tiny_dir, tmp_path):
    from jesture_train.join import main as join_main
    from jesture_train.data import read_labels
    import os
    labels = read_labels(tiny_dir)
    cache = tmp_path / "cache"
    first = FrameCache.build_or_open(tiny_dir, "train", labels, 32, 44, cache, log=lambda *_: None)
    joined = tmp_path / "joined"
    assert join_main(["--out", str(joined), f"{tiny_dir}:p"]) == 0
    # one clip rendered again after the first cache was written: its frames must be decoded afresh
    again = os.path.realpath(joined / ("p" + first.ids[1]))
    frame = sorted(os.listdir(again))[0]
    Image.new("RGB", (176, 100), (255, 0, 0)).save(os.path.join(again, frame), quality=92)
    later = (first.directory.stat().st_mtime + 10,) * 2
    os.utime(os.path.join(again, frame), later)       # written over in place: the folder's time stays
    lines = []
    reused = FrameCache.build_or_open(joined, "train", labels, 32, 44, cache, log=lines.append)
    assert f"({len(first) - 1} copied from other caches" in lines[-1], lines[-1]
    fresh = FrameCache.build_or_open(joined, "train", labels, 32, 44, tmp_path / "elsewhere", log=lambda *_: None)
    assert reused.ids == fresh.ids and np.array_equal(reused.counts, fresh.counts)
    assert np.array_equal(np.asarray(reused.frames), np.asarray(fresh.frames))
    assert not np.array_equal(reused.whole(1), first.whole(1))      # the changed clip was not copied
    assert np.array_equal(reused.whole(0), first.whole(0))
