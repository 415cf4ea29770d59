import json

import pytest
import torch
from torch import nn

from jesture_train.checkpoint import model_from_checkpoint
from jesture_train.swa import WeightAverage, recompute_batchnorm
from jesture_train.train import main as train_main

SMALL = ["--width", "0.25", "--clip-len", "8", "--size", "32x48", "--batch-size", "8", "--threads", "2"]


def small_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))


def test_the_average_is_the_mean_of_the_parameters_it_was_given():
    net = small_net()
    avg = WeightAverage(net)
    seen = []
    for k in range(3):
        with torch.no_grad():
            for p in net.parameters():
                p.add_(float(k + 1))
        avg.update(net)
        seen.append([p.detach().clone() for p in net.parameters()])
    out = avg.averaged(net)
    for i, p in enumerate(out.parameters()):
        want = sum(s[i] for s in seen) / 3
        assert torch.allclose(p, want, atol=1e-6)
    # the network it averages is not touched
    for p, last in zip(net.parameters(), seen[-1]):
        assert torch.equal(p, last)


def test_an_empty_average_is_refused():
    with pytest.raises(ValueError, match="no step"):
        WeightAverage(small_net()).averaged(small_net())


def test_saved_state_restores_the_average():
    net = small_net()
    a = WeightAverage(net)
    a.update(net)
    b = WeightAverage(net)
    b.load_state_dict(a.state_dict())
    assert b.count == 1
    for p, q in zip(a.averaged(net).parameters(), b.averaged(net).parameters()):
        assert torch.equal(p, q)


def test_batchnorm_statistics_are_the_plain_mean_of_the_batches():
    net = small_net()
    torch.manual_seed(1)
    batches = [torch.randn(16, 3) * 3 + 2 for _ in range(4)]
    n = recompute_batchnorm(net, iter(batches), lambda m, x: m(x))
    assert n == 4 and not net.training
    with torch.no_grad():
        h = torch.stack([net[0](x).mean(0) for x in batches]).mean(0)
    bn = net[1]
    assert torch.allclose(bn.running_mean, h, atol=1e-5)
    assert bn.momentum == 0.1  # restored after measuring


def test_training_writes_the_average_beside_the_run(tiny_dir, tmp_path):
    out = tmp_path / "run"
    assert train_main(["--data", str(tiny_dir), "--out", str(out), "--epochs", "1", "--max-steps", "3",
                       "--warmup-epochs", "0", "--swa-start", "0.01", "--swa-bn-batches", "2",
                       "--cache-dir", str(tmp_path / "cache"), "--no-final-eval", *SMALL]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["swa_steps"] >= 1 and 0.0 <= summary["swa_val_acc"] <= 1.0
    # the first step starts at progress 0, under --swa-start; the two after it are averaged
    assert summary["swa_steps"] == 2
    avg, cfg, state = model_from_checkpoint(out / "swa.pt")
    last, _, _ = model_from_checkpoint(out / "last.pt")
    assert state["meta"]["swa"]["bn_batches"] >= 1
    # an average of more than one step is not the last step's network
    assert any(not torch.equal(p, q) for p, q in zip(avg.parameters(), last.parameters()))


def test_swa_start_outside_the_run_is_refused(tiny_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        train_main(["--data", str(tiny_dir), "--out", str(tmp_path / "r"), "--swa-start", "1.5"])
    assert e.value.code == 2
    assert "--swa-start 1.5" in capsys.readouterr().err


def test_a_resumed_run_keeps_averaging_where_it_stopped(tiny_dir, tmp_path):
    out = tmp_path / "run"
    common = ["--data", str(tiny_dir), "--out", str(out), "--warmup-epochs", "0", "--swa-start", "0.01",
              "--swa-bn-batches", "1", "--cache-dir", str(tmp_path / "cache"), "--no-final-eval", *SMALL]
    assert train_main([*common, "--epochs", "2", "--max-steps", "2"]) == 0
    first = json.loads((out / "summary.json").read_text())["swa_steps"]
    assert (out / "swa-state.pt").is_file()
    assert train_main([*common, "--epochs", "2", "--max-steps", "4", "--resume"]) == 0
    second = json.loads((out / "summary.json").read_text())["swa_steps"]
    assert second == first + 2, (first, second)


def test_the_average_with_a_synchronised_batch_norm_is_refused(tiny_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        train_main(["--data", str(tiny_dir), "--out", str(tmp_path / "r"), "--swa-start", "0.5", "--sync-bn"])
    assert e.value.code == 2
    assert "--sync-bn" in capsys.readouterr().err
