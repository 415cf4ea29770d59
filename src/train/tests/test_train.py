import json

import onnx
import pytest

from jesture_train import contract
from jesture_train.checkpoint import load_checkpoint, model_from_checkpoint
from jesture_train.export import main as export_main, verify_contract
from jesture_train.train import main as train_main

SMALL = ["--width", "0.25", "--clip-len", "8", "--size", "32x48", "--batch-size", "8", "--threads", "2"]


@pytest.fixture(scope="module")
def run_dir(tiny_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    code = train_main(["--data", str(tiny_dir), "--out", str(out), "--epochs", "2", "--max-steps", "2",
                       "--cache-dir", str(out / "cache"), *SMALL])
    assert code == 0
    return out


def test_two_steps_write_checkpoints_history_plots_and_report(run_dir):
    for name in ("last.pt", "best.pt", "history.json", "curves.png", "summary.json",
                 "eval/report.json", "eval/report.md", "eval/confusion.png"):
        assert (run_dir / name).is_file(), name
    history = json.loads((run_dir / "history.json").read_text())
    assert len(history) == 1 and history[0]["step"] == 2 and not history[0]["complete"]
    report = json.loads((run_dir / "eval" / "report.json").read_text())
    assert len(report["per_class"]) == 27 and len(report["confusion"]) == 27
    assert report["per_class"][0]["label"] == "Swiping Left"
    state = load_checkpoint(run_dir / "last.pt")
    assert state["meta"]["labels"] == contract.JESTER_LABELS
    assert "optimizer_state" in state
    assert all(k.count(".") >= 1 for k in state["model_state"])  # plain tensors by name


def test_resume_continues_from_the_checkpoint(run_dir, tiny_dir):
    code = train_main(["--data", str(tiny_dir), "--out", str(run_dir), "--epochs", "1", "--resume",
                       "--cache-dir", str(run_dir / "cache"), "--no-final-eval", *SMALL])
    assert code == 0
    history = json.loads((run_dir / "history.json").read_text())
    assert [h["epoch"] for h in history] == [0, 0]
    assert history[1]["complete"] and history[1]["step"] > 2  # steps carry on from the checkpoint
    assert load_checkpoint(run_dir / "last.pt")["meta"]["next_epoch"] == 1


def test_resume_with_another_architecture_is_refused(run_dir, tiny_dir, capsys):
    code = train_main(["--data", str(tiny_dir), "--out", str(run_dir), "--epochs", "1", "--resume",
                       "--cache-dir", str(run_dir / "cache"), *SMALL[:-8], "--width", "0.5",
                       "--clip-len", "8", "--size", "32x48"])
    assert code == 2
    assert "differs" in capsys.readouterr().err


def test_eval_only_evaluates_best_checkpoint(run_dir, tiny_dir, tmp_path):
    out = tmp_path / "again"
    out.mkdir()
    (out / "best.pt").write_bytes((run_dir / "best.pt").read_bytes())
    assert train_main(["--data", str(tiny_dir), "--out", str(out), "--eval-only",
                       "--cache-dir", str(run_dir / "cache"), "--threads", "2"]) == 0
    assert json.loads((out / "eval" / "report.json").read_text())["clips"] == 27


def test_config_file_supplies_options(tiny_dir, tmp_path):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"data": str(tiny_dir), "out": str(tmp_path / "run"), "epochs": 1,
                               "max-steps": 1, "width": 0.25, "clip_len": 8, "size": "32x32",
                               "cache_dir": str(tmp_path / "cache"), "no_final_eval": True}))
    assert train_main(["--config", str(cfg), "--batch-size", "4"]) == 0
    state = load_checkpoint(tmp_path / "run" / "last.pt")
    assert state["model_config"]["clip_len"] == 8 and state["meta"]["args"]["batch_size"] == 4


def test_export_of_trained_checkpoint_carries_contract(run_dir, tmp_path):
    out = tmp_path / "m.onnx"
    assert export_main(["--checkpoint", str(run_dir / "best.pt"), "--out", str(out)]) == 0
    proto = onnx.load(str(out))
    onnx.checker.check_model(proto)
    meta = verify_contract(proto)
    _, cfg, _ = model_from_checkpoint(run_dir / "best.pt")
    assert json.loads(meta["jesture.labels"]) == contract.JESTER_LABELS
    assert (int(meta["jesture.clip_length"]), int(meta["jesture.frame_height"]),
            int(meta["jesture.frame_width"])) == (8, 32, 48)
    acc = json.loads(meta["jesture.accuracy"])
    report = json.loads((run_dir / "eval" / "report.json").read_text())
    assert acc["top1"] == report["top1"]
    assert meta["jesture.arch"] == cfg.name() and "train" in meta["jesture.dataset"]
    assert out.stat().st_size < 20e6
    # `--checkpoint RUN/best.pt` writes the embedding output few-shot adaptation needs.
    assert [o.name for o in proto.graph.output] == ["logits", "embedding"]
    assert int(meta[contract.EMBEDDING_DIM_KEY]) > 0


def test_export_refuses_missing_checkpoint(tmp_path, capsys):
    assert export_main(["--checkpoint", str(tmp_path / "nope.pt"), "--out", str(tmp_path / "x.onnx")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_portable_npz_checkpoint_matches_pt(run_dir):
    import torch
    m_pt, cfg_pt, s_pt = model_from_checkpoint(run_dir / "best.pt")
    m_npz, cfg_npz, s_npz = model_from_checkpoint(run_dir / "best.npz")
    assert cfg_pt == cfg_npz and s_pt["meta"]["labels"] == s_npz["meta"]["labels"]
    x = torch.randn(2, *cfg_pt.input_shape(1)[1:])
    with torch.no_grad():
        assert torch.equal(m_pt(x), m_npz(x))


def test_time_budget_stops_cleanly_with_a_checkpoint(tiny_dir, tmp_path):
    out = tmp_path / "run"
    assert train_main(["--data", str(tiny_dir), "--out", str(out), "--epochs", "50", "--max-minutes", "0.0001", "--warmup-epochs", "0",
                       "--cache-dir", str(tmp_path / "cache"), "--no-final-eval", *SMALL]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert "time budget" in summary["stopped"] and summary["epochs_run"] == 1
    history = json.loads((out / "history.json").read_text())
    assert history[0]["step"] == 1
    assert (out / "last.pt").is_file()


def test_cosine_follows_progress_and_warmup():
    import argparse
    from jesture_train.train import lr_at
    args = argparse.Namespace(lr=1e-3, schedule="cosine", step_epochs=10)
    assert lr_at(0, 0.0, 10, args, 100) == pytest.approx(1e-4)          # warm-up by steps
    assert lr_at(50, 0.0, 10, args, 100) == pytest.approx(1e-3)         # peak after warm-up
    assert lr_at(50, 0.5, 10, args, 100) == pytest.approx(0.505e-3)     # half-way down
    assert lr_at(50, 1.0, 10, args, 100) == pytest.approx(1e-5)         # budget spent: 1 % of peak
    assert lr_at(50, 3.0, 10, args, 100) == pytest.approx(1e-5)


def test_an_ensemble_averages_probabilities_not_logits():
    import numpy as np
    from jesture_train.evaluate import average_probabilities
    sure = np.array([[0.0, 5.0, 0.0]])       # class 1 at p 0.99
    split = np.array([[20.0, 0.0, 19.0]])    # classes 0 and 2, large logits
    probs = average_probabilities([sure, split])
    assert probs.shape == (1, 3) and abs(probs.sum() - 1) < 1e-6
    assert probs.argmax() == 1                              # averaged logits would say class 0
    assert (sure + split).argmax() == 0


def test_several_checkpoints_are_scored_as_an_ensemble(run_dir, tiny_dir, tmp_path, capsys):
    from jesture_train.evaluate import main as evaluate_main
    best, last = str(run_dir / "best.pt"), str(run_dir / "last.pt")
    common = ["--data", str(tiny_dir), "--cache-dir", str(run_dir / "cache"), "--threads", "2"]
    assert evaluate_main(["--checkpoint", best, *common, "--out", str(tmp_path / "one")]) == 0
    one = json.loads((tmp_path / "one" / "report.json").read_text())
    assert evaluate_main(["--checkpoint", best, best, *common, "--out", str(tmp_path / "twice")]) == 0
    twice = json.loads((tmp_path / "twice" / "report.json").read_text())
    # the same member twice is the member: the same answers, twice the cost
    assert twice["clips"] == one["clips"] == 27 and twice["confusion"] == one["confusion"]
    assert len(twice["members"]) == 2 and twice["model"]["mflops"] == 2 * one["model"]["mflops"]
    assert [m["top1"] for m in twice["members"]] == [one["top1"], one["top1"]]
    assert evaluate_main(["--checkpoint", best, last, *common, "--out", str(tmp_path / "pair")]) == 0
    assert (tmp_path / "pair" / "report.md").read_text().startswith("# ensemble of 2")
    # without --out an ensemble would write over a member's own report
    capsys.readouterr()
    assert evaluate_main(["--checkpoint", best, last, *common]) == 2
    err = capsys.readouterr().err
    assert "needs --out" in err and len(err.strip().splitlines()) == 1


def test_init_fine_tunes_from_the_checkpoints_weights_with_a_fresh_schedule(run_dir, tiny_dir, tmp_path):
    out = tmp_path / "tuned"
    code = train_main(["--data", str(tiny_dir), "--out", str(out), "--epochs", "1", "--max-steps", "1",
                       "--lr", "1e-9", "--init", str(run_dir / "best.pt"), "--cache-dir", str(run_dir / "cache"),
                       "--no-final-eval", *SMALL])
    assert code == 0
    start, tuned = load_checkpoint(run_dir / "best.pt"), load_checkpoint(out / "last.pt")
    assert tuned["meta"]["init"]["checkpoint"] == str(run_dir / "best.pt")
    assert tuned["meta"]["step"] == 1  # a fresh schedule: the steps count from zero, not from the start point
    weights = [k for k, v in start["model_state"].items() if k.endswith(".weight") and v.dim() > 1]
    assert weights
    # One step at a learning rate of 1e-9 leaves the start point's weights as they were.
    for k in weights:
        assert (tuned["model_state"][k] - start["model_state"][k]).abs().max().item() < 1e-6, k


def test_init_with_another_network_or_with_init_2d_is_refused(run_dir, tiny_dir, tmp_path, capsys):
    code = train_main(["--data", str(tiny_dir), "--out", str(tmp_path / "a"), "--epochs", "1", "--init",
                       str(run_dir / "best.pt"), "--cache-dir", str(run_dir / "cache"), *SMALL[:-8],
                       "--width", "0.5", "--clip-len", "8", "--size", "32x48"])
    assert code == 2
    assert "--init" in capsys.readouterr().err
    code = train_main(["--data", str(tiny_dir), "--out", str(tmp_path / "b"), "--epochs", "1", "--init",
                       str(run_dir / "best.pt"), "--init-2d", str(run_dir / "best.pt"), *SMALL])
    assert code == 2
    assert "exclude each other" in capsys.readouterr().err
    code = train_main(["--data", str(tiny_dir), "--out", str(tmp_path / "c"), "--epochs", "1", "--init",
                       str(tmp_path / "missing.pt"), *SMALL])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
