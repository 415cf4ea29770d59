"""jesture_train.unfold: the shipped model's weights back in a trainable network."""
from pathlib import Path

import numpy as np
import pytest
import torch

from jesture_train.checkpoint import model_from_checkpoint
from jesture_train.unfold import main as unfold_main
from ort_java import run_ort

REPO = Path(__file__).resolve().parents[3]
DEFAULT = REPO / "models" / "jesture-r2plus1d.onnx"


@pytest.fixture()
def unfolded(tiny_dir, tmp_path):
    if not DEFAULT.is_file():
        pytest.skip(f"{DEFAULT} is not there")
    out = tmp_path / "unfolded.pt"
    assert unfold_main([str(DEFAULT), "--data", str(tiny_dir), "--out", str(out), "--clips", "12"]) == 0
    return out


def test_in_evaluation_mode_the_unfolded_network_computes_what_the_graph_computes(unfolded, tmp_path):
    net, cfg, _meta = model_from_checkpoint(unfolded)
    net.eval()
    x = np.random.default_rng(1).normal(0, 1, (2, 3, cfg.clip_len, cfg.height, cfg.width_px)).astype(np.float32)
    graph = run_ort(DEFAULT, x, tmp_path / "ort")["logits"].reshape(2, -1)
    with torch.no_grad():
        ours = net(torch.from_numpy(x)).numpy()
    assert np.abs(graph - ours).max() < 1e-3 * max(1.0, np.abs(graph).max())


def test_in_training_mode_batch_norm_keeps_what_the_graph_computes_on_the_clips_it_was_measured_on(unfolded, tmp_path):
    from jesture_train.unfold import dataset_clips
    net, cfg, state = model_from_checkpoint(unfolded)
    meta = state["meta"]
    x = dataset_clips(Path(meta["dataset"]), meta["labels"], cfg, meta["fps"], meta["source_fps"], meta["mean"],
                      meta["std"], count=12, seed=0)
    net.eval()
    with torch.no_grad():
        evaluated = net(x).numpy()
    net.train()
    net.dropout.eval()  # dropout is not what this test is about
    with torch.no_grad():
        trained = net(x).numpy()  # one batch of exactly the clips the statistics came from
    # Folded back in naively (every batch norm an identity), training mode would renormalise each
    # channel and move the logits by far more than this.
    assert np.abs(evaluated - trained).max() < 1e-2 * max(1.0, np.abs(evaluated).max())


def test_another_input_size_writes_a_checkpoint_for_it(tiny_dir, tmp_path):
    if not DEFAULT.is_file():
        pytest.skip(f"{DEFAULT} is not there")
    out = tmp_path / "big.pt"
    assert unfold_main([str(DEFAULT), "--data", str(tiny_dir), "--out", str(out), "--clips", "4", "--size", "96x132"]) == 0
    net, cfg, _ = model_from_checkpoint(out)
    assert (cfg.height, cfg.width_px) == (96, 132)
    assert net(torch.zeros(1, 3, cfg.clip_len, 96, 132)).shape == (1, 27)


def test_bad_input_is_one_line_and_exit_2(tiny_dir, tmp_path, capsys):
    existing = tmp_path / "exists.pt"
    existing.write_bytes(b"x")
    assert unfold_main([str(DEFAULT), "--data", str(tiny_dir), "--out", str(existing)]) == 2
    assert "exists" in capsys.readouterr().err
    assert unfold_main([str(tmp_path / "none.onnx"), "--data", str(tiny_dir), "--out", str(tmp_path / "a.pt")]) == 2
    with pytest.raises(SystemExit) as e:
        unfold_main([str(DEFAULT), "--data", str(tiny_dir), "--out", str(tmp_path / "b.pt"), "--size", "big"])
    assert e.value.code == 2
