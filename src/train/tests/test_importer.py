"""jesture_train.importer: Efficient-3DCNNs checkpoints -> one ONNX file under the jesture contract.

The bad-input cases use small checkpoints made here with our own zoo networks; the tests marked
``teacher`` convert the real-trained checkpoint in ../shared/teachers and skip where it is absent.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch

from jesture_train import contract
from jesture_train.export import verify_contract
from jesture_train.importer import DEFAULT_PIXEL_MEAN, main as import_main
from jesture_train.zoo import ShuffleNet3d, ShuffleNetV2_3d, strip_data_parallel

SRC = Path(__file__).resolve().parents[1]
REPO = SRC.parents[1]
SHARED = REPO.parent / "shared"
TEACHER = SHARED / "teachers" / "jester-3d-shufflenet-0.5x-g3.pth"
REAL_JESTER = SHARED / "real-dev" / "jester"


def save_checkpoint(path: Path, model: torch.nn.Module, **extra) -> Path:
    """The layout the Efficient-3DCNNs trainer saves: DataParallel keys plus epoch/arch/best_prec1."""
    torch.save({"state_dict": {f"module.{k}": v for k, v in model.state_dict().items()}, **extra}, str(path))
    return path


def run_import(capsys, *args) -> tuple:
    try:
        code = import_main([str(a) for a in args])
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_bad_input(result, *parts):
    code, out, err = result
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for p in parts:
        assert p in lines[0], f"{p!r} not in {lines[0]!r}"


@pytest.fixture(scope="module")
def small_ckpt(tmp_path_factory) -> Path:
    """A ShuffleNetV2 0.25x Jester checkpoint with random weights."""
    torch.manual_seed(0)
    model = ShuffleNetV2_3d(27, 0.25)
    path = tmp_path_factory.mktemp("ckpt") / "jester_shufflenetv2_0.25x_RGB_16_best.pth"
    return save_checkpoint(path, model, epoch=3, arch="shufflenetv2", best_prec1=77.5)


def test_a_checkpoint_becomes_a_contract_model(small_ckpt, tmp_path, capsys):
    out = tmp_path / "v2.onnx"
    code, stdout, err = run_import(capsys, "--format", "efficient-3dcnns", "--arch", "shufflenetv2", "--width", "0.25",
                                   small_ckpt, "--out", out)
    assert code == 0, err
    assert "wrote" in stdout and "alphabetical Jester order: 0 Doing other things" in stdout
    proto = onnx.load(str(out))
    meta = verify_contract(proto)
    assert set(contract.REQUIRED_KEYS) <= set(meta)
    assert [o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] == [13]
    assert json.loads(meta["jesture.labels"]) == sorted(contract.JESTER_LABELS)
    assert json.loads(meta["jesture.labels"])[:3] == ["Doing other things", "Drumming Fingers", "No gesture"]
    assert set(json.loads(meta["jesture.background_labels"])) == {"No gesture", "Doing other things"}
    assert (meta["jesture.clip_length"], meta["jesture.frame_height"], meta["jesture.frame_width"]) == ("16", "112", "112")
    assert meta["jesture.fps"] == "6" and meta["jesture.resize"] == "cover_center_crop"
    assert meta["jesture.color_order"] == "RGB"
    # (p/255 - M/255) / (1/255) == p - M: the checkpoint's own 0..255 input.
    mean, std = json.loads(meta["jesture.mean"]), json.loads(meta["jesture.std"])
    p = np.arange(256.0)
    for c in range(3):
        assert np.allclose((p / 255 - mean[c]) / std[c], p - DEFAULT_PIXEL_MEAN[c], atol=1e-9)
    assert meta["jesture.arch"] == "shufflenetv2-3d-w0.25"
    assert meta["jesture.dataset"] == "Jester v1 (real), imported from Efficient-3DCNNs checkpoint"
    acc = json.loads(meta["jesture.accuracy"])
    assert acc == {"top1": 0.775, "split": "Jester validation, as recorded by the checkpoint's trainer", "epoch": 3}
    assert int(meta["jesture.params"]) == 242_331 and float(meta["jesture.mflops"]) > 50
    # The pooled 1x1x1-conv features the classifier reads, for few-shot adaptation.
    assert meta[contract.EMBEDDING_DIM_KEY] == "1024"
    assert [o.name for o in proto.graph.output] == ["logits", "embedding"]
    source = json.loads(meta["jesture.imported_from"])
    assert source["format"] == "efficient-3dcnns" and source["file"] == small_ckpt.name and len(source["sha256"]) == 64


def test_labels_file_sets_order_and_class_count(tmp_path, capsys):
    labels = [f"gesture {i}" for i in range(9)] + ["No gesture"]
    (tmp_path / "labels.txt").write_text("\n".join(labels) + "\n\n")
    ckpt = save_checkpoint(tmp_path / "ten.pth", ShuffleNet3d(10, 0.25, 3), best_prec1=0.5)
    out = tmp_path / "ten.onnx"
    code, _, err = run_import(capsys, "--arch", "shufflenet", "--width", "0.25", "--groups", "3", ckpt,
                              "--labels", tmp_path / "labels.txt", "--out", out)
    assert code == 0, err
    meta = verify_contract(onnx.load(str(out)))
    assert json.loads(meta["jesture.labels"]) == labels
    assert json.loads(meta["jesture.background_labels"]) == ["No gesture"]
    assert json.loads(meta["jesture.accuracy"])["top1"] == 0.5  # a fraction stays a fraction


def test_existing_output_is_refused_without_force(small_ckpt, tmp_path, capsys):
    out = tmp_path / "taken.onnx"
    out.write_bytes(b"keep me")
    args = ["--arch", "shufflenetv2", "--width", "0.25", small_ckpt, "--out", out]
    assert_bad_input(run_import(capsys, *args), str(out), "already exists", "--force")
    assert out.read_bytes() == b"keep me"
    code, _, err = run_import(capsys, *args, "--force")
    assert code == 0, err
    assert verify_contract(onnx.load(str(out)))


def test_unknown_arch_and_format(small_ckpt, tmp_path, capsys):
    assert_bad_input(run_import(capsys, "--arch", "resnet", small_ckpt, "--out", tmp_path / "x.onnx"),
                     "unknown --arch 'resnet'", "shufflenet, shufflenetv2, mobilenetv2")
    assert_bad_input(run_import(capsys, "--format", "timm", "--arch", "shufflenet", small_ckpt, "--out", tmp_path / "x.onnx"),
                     "unknown --format 'timm'", "efficient-3dcnns")
    assert_bad_input(run_import(capsys, "--arch", "mobilenetv2", "--groups", "3", small_ckpt, "--out", tmp_path / "x.onnx"),
                     "--groups applies to --arch shufflenet only")
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", small_ckpt, "--out", tmp_path / "x.onnx", "--widht", "1"),
                     "unrecognized arguments: --widht")


def test_a_file_that_is_not_a_checkpoint(tmp_path, capsys):
    text = tmp_path / "notes.pth"
    text.write_text("# not a checkpoint\n")
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", text, "--out", tmp_path / "x.onnx"),
                     str(text), "is not a PyTorch checkpoint", "the .pth file")
    listing = tmp_path / "list.pth"
    torch.save([1, 2, 3], str(listing))
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", listing, "--out", tmp_path / "x.onnx"),
                     "holds a list, not a checkpoint with a state_dict")
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", tmp_path / "missing.pth", "--out", tmp_path / "x.onnx"),
                     "missing.pth does not exist")
    assert not (tmp_path / "x.onnx").exists()


def test_a_state_dict_that_does_not_fit_names_the_configs_that_do(tmp_path, capsys):
    ckpt = save_checkpoint(tmp_path / "g3.pth", ShuffleNet3d(27, 0.25, 3), arch="shufflenet")
    code, out, err = run_import(capsys, "--arch", "shufflenet", "--width", "0.5", "--groups", "3", ckpt,
                                "--out", tmp_path / "x.onnx")
    assert_bad_input((code, out, err), "does not fit --arch shufflenet --width 0.5 --groups 3",
                     "0 keys missing, 0 unexpected", "with other shapes", "it fits --arch shufflenet --width 0.25 --groups 3")
    assert_bad_input(run_import(capsys, "--arch", "mobilenetv2", "--width", "1", ckpt, "--out", tmp_path / "x.onnx"),
                     "keys missing", "unexpected", "it fits --arch shufflenet --width 0.25 --groups 3")
    # A width whose channels do not split into the groups cannot be built at all.
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", "--width", "0.5", "--groups", "2", ckpt,
                                "--out", tmp_path / "x.onnx"),
                     "cannot be built", "it fits --arch shufflenet --width 0.25 --groups 3")
    # Nothing in the grid fits a network with a layer removed.
    state = {k: v for k, v in ShuffleNet3d(27, 0.25, 3).state_dict().items() if not k.startswith("layer3.3.")}
    torch.save({"state_dict": state}, str(tmp_path / "cut.pth"))
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", "--width", "0.25", tmp_path / "cut.pth",
                                "--out", tmp_path / "x.onnx"),
                     "keys missing", "no width in {0.25, 0.5, 0.75, 1, 1.5, 2} x groups {1, 2, 3, 4, 8}")


def test_a_wrong_class_count_says_what_the_checkpoint_has(tmp_path, capsys):
    ckpt = save_checkpoint(tmp_path / "k600.pth", ShuffleNet3d(600, 0.25, 3))
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", "--width", "0.25", ckpt, "--out", tmp_path / "x.onnx"),
                     "has 600 classes", "[600, 240]", "27 labels", "--labels FILE")
    (tmp_path / "five.txt").write_text("a\nb\nc\nd\ne\n")
    assert_bad_input(run_import(capsys, "--arch", "shufflenet", "--width", "0.25", ckpt, "--labels", tmp_path / "five.txt",
                                "--out", tmp_path / "x.onnx"),
                     "has 600 classes", "five.txt lists 5 labels")


def test_missing_pytorch_is_one_line_naming_the_debian_packages(small_ckpt, tmp_path):
    # -S leaves out site-packages: an interpreter as it is before apt-get install python3-torch.
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONDONTWRITEBYTECODE="1")
    res = subprocess.run([sys.executable, "-S", "-m", "jesture_train.importer", "--arch", "shufflenet", str(small_ckpt),
                          "--out", str(tmp_path / "x.onnx")], capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 2, res
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "cannot import torch" in lines[0] and "python3-torch python3-onnx" in lines[0], lines[0]


@pytest.fixture(scope="module")
def teacher():
    if not TEACHER.is_file():
        pytest.skip(f"{TEACHER} is absent (the shared data beside the checkout is not part of the repository)")
    return TEACHER


def test_the_real_teacher_converts(teacher, tmp_path, capsys):
    out = tmp_path / "teacher.onnx"
    code, stdout, err = run_import(capsys, "--format", "efficient-3dcnns", "--arch", "shufflenet", "--width", "0.5",
                                   "--groups", "3", teacher, "--out", out)
    assert code == 0, err
    assert "270,159 parameters, 71.7 MFLOPs" in stdout
    meta = verify_contract(onnx.load(str(out)))
    assert meta["jesture.arch"] == "shufflenet-3d-w0.5-g3"
    assert json.loads(meta["jesture.accuracy"]) == {
        "top1": 0.8923, "split": "Jester validation, as recorded by the checkpoint's trainer", "epoch": 67}
    assert meta["jesture.params"] == "270159" and meta["jesture.mflops"] == "71.7"
    assert json.loads(meta["jesture.imported_from"])["sha256"].startswith("31d64fc6")


def test_the_teacher_reads_a_real_clip_in_alphabetical_order(teacher, tmp_path):
    clip = REAL_JESTER / "swiping_down"
    if not clip.is_dir():
        pytest.skip(f"{clip} is absent (the shared data beside the checkout is not part of the repository)")
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONDONTWRITEBYTECODE="1")
    res = subprocess.run([sys.executable, "-m", "jesture_train.reference", str(teacher), "--arch", "shufflenet",
                          "--width", "0.5", "--groups", "3", "--frames", str(clip), "--out", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res
    ref = json.loads((tmp_path / "reference.json").read_text())
    assert ref["top1"] == "Swiping Down"
    # The two traps: read in the label file's order, the same output is another gesture ...
    assert contract.JESTER_LABELS[int(np.argmax(ref["logits"]))] == "Turning Hand Counterclockwise"
    # ... and on the [0, 1] scale the same frames are not Swiping Down either.
    pixels = np.fromfile(tmp_path / "frames.u8", np.uint8).reshape(ref["frames"]["shape"])
    model = ShuffleNet3d(27, 0.5, 3)
    model.load_state_dict(strip_data_parallel(torch.load(str(teacher), map_location="cpu")["state_dict"]))
    model.eval()
    x = torch.from_numpy(pixels.astype(np.float32) / 255).permute(3, 0, 1, 2)[None].contiguous()
    with torch.no_grad():
        wrong = model(x)[0]
    assert ref["labels"][int(wrong.argmax())] != "Swiping Down"
