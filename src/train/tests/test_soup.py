import pytest
import torch

from jesture_train.checkpoint import load_checkpoint, model_from_checkpoint
from jesture_train.soup import average_states, main as soup_main
from jesture_train.train import main as train_main

SMALL = ["--width", "0.25", "--clip-len", "8", "--size", "32x48", "--batch-size", "8", "--threads", "2"]


def test_floats_are_averaged_and_counters_taken_from_the_first():
    a = {"w": torch.tensor([1.0, 2.0]), "n": torch.tensor(5), "h": torch.tensor([1.0], dtype=torch.float16)}
    b = {"w": torch.tensor([3.0, 6.0]), "n": torch.tensor(9), "h": torch.tensor([3.0], dtype=torch.float16)}
    out = average_states([a, b])
    assert torch.equal(out["w"], torch.tensor([2.0, 4.0]))
    assert out["n"].item() == 5
    assert out["h"].dtype == torch.float16 and out["h"].item() == 2.0


def test_ingredients_of_other_shapes_or_tensors_are_refused():
    with pytest.raises(ValueError, match="one architecture"):
        average_states([{"w": torch.zeros(2)}, {"w": torch.zeros(3)}])
    with pytest.raises(ValueError, match="other tensors"):
        average_states([{"w": torch.zeros(2)}, {"v": torch.zeros(2)}])
    with pytest.raises(ValueError, match="at least one"):
        average_states([])


@pytest.fixture(scope="module")
def ingredients(tiny_dir, tmp_path_factory):
    """A start and two fine-tunings of it with other seeds: the soup's intended ingredients."""
    root = tmp_path_factory.mktemp("soup")
    common = ["--data", str(tiny_dir), "--epochs", "1", "--warmup-epochs", "0", "--cache-dir",
              str(root / "cache"), "--no-final-eval", *SMALL]
    assert train_main([*common, "--out", str(root / "start"), "--max-steps", "2"]) == 0
    runs = []
    for seed in (1, 2):
        out = root / f"ft{seed}"
        assert train_main([*common, "--out", str(out), "--max-steps", "3", "--seed", str(seed),
                           "--init", str(root / "start" / "last.pt")]) == 0
        runs.append(out / "last.pt")
    return root, runs


def test_the_soup_is_the_mean_of_its_ingredients_weights(ingredients, tmp_path):
    root, runs = ingredients
    out = tmp_path / "soup.pt"
    assert soup_main([*map(str, runs), "--out", str(out), "--threads", "2"]) == 0
    soup, _, state = model_from_checkpoint(out)
    nets = [model_from_checkpoint(r)[0] for r in runs]
    assert state["meta"]["soup"] == {"ingredients": [str(r) for r in runs], "bn": "averaged"}
    for name, p in soup.state_dict().items():
        if p.is_floating_point():
            want = (nets[0].state_dict()[name] + nets[1].state_dict()[name]) / 2
            assert torch.allclose(p, want, atol=1e-6), name
    # the two fine-tunings differ, so the soup is neither of them
    assert any(not torch.equal(p, q) for p, q in zip(soup.parameters(), nets[0].parameters()))


def test_batch_norm_is_measured_for_the_soup_on_training_batches(ingredients, tiny_dir, tmp_path, capsys):
    root, runs = ingredients
    out = tmp_path / "soup.pt"
    assert soup_main([*map(str, runs), "--out", str(out), "--data", str(tiny_dir), "--cache-dir",
                      str(root / "cache"), "--bn-batches", "2", "--workers", "0", "--threads", "2"]) == 0
    meta = load_checkpoint(out)["meta"]["soup"]
    assert meta["bn"] == "measured" and meta["bn_batches"] == 2
    averaged = tmp_path / "averaged.pt"
    assert soup_main([*map(str, runs), "--out", str(averaged), "--threads", "2"]) == 0
    measured_state = load_checkpoint(out)["model_state"]
    averaged_state = load_checkpoint(averaged)["model_state"]
    means = [k for k in measured_state if k.endswith("running_mean")]
    assert means and any(not torch.allclose(measured_state[k], averaged_state[k]) for k in means)
    # the weights themselves are the same average either way
    weights = [k for k in measured_state if k.endswith(".weight")]
    assert all(torch.equal(measured_state[k], averaged_state[k]) for k in weights)
    assert "fine-tuned from" in capsys.readouterr().out


def test_an_existing_output_is_never_replaced(ingredients, tmp_path, capsys):
    _, runs = ingredients
    out = tmp_path / "soup.pt"
    out.write_bytes(b"keep me")
    with pytest.raises(SystemExit) as e:
        soup_main([*map(str, runs), "--out", str(out)])
    assert e.value.code == 2
    assert "exists" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"


def test_a_missing_ingredient_is_one_clear_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        soup_main([str(tmp_path / "nope.pt"), "--out", str(tmp_path / "s.pt")])
    assert e.value.code == 2
    assert "nope.pt does not exist" in capsys.readouterr().err


def test_networks_of_other_architectures_are_refused(ingredients, tiny_dir, tmp_path, capsys):
    root, runs = ingredients
    other = tmp_path / "wide"
    assert train_main(["--data", str(tiny_dir), "--out", str(other), "--epochs", "1", "--max-steps", "1",
                       "--warmup-epochs", "0", "--cache-dir", str(root / "cache"), "--no-final-eval",
                       "--width", "0.5", "--clip-len", "8", "--size", "32x48", "--batch-size", "8",
                       "--threads", "2"]) == 0
    assert soup_main([str(runs[0]), str(other / "last.pt"), "--out", str(tmp_path / "s.pt")]) == 2
    err = capsys.readouterr().err
    assert "another architecture" in err and "width" in err
    assert not (tmp_path / "s.pt").exists()
