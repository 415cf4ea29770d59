"""The landmark network's export: a hands model that joins a pixel model (jesture_train.landmarks)."""
import json
import random

import numpy as np
import onnx
import pytest
import torch

from jesture_train import contract, landmarks
from jesture_train.export import verify_contract
from ort_java import run_ort


def joined_metadata():
    return contract.build_metadata(labels=contract.JESTER_LABELS, clip_length=16, frame_height=64, frame_width=88,
                                   fps=6, arch="r2plus1d-small-w1", dataset="test", accuracy={}, mflops=1.0, params=1)


def trained_looking_net(seed=0, no_depth=False):
    labels = list(contract.JESTER_LABELS)
    random.Random(seed).shuffle(labels)  # the training side's label file need not be in the model's order
    torch.manual_seed(seed)
    net = landmarks.LandmarkNet(labels, no_depth=no_depth)
    for m in net.modules():  # batch-norm statistics that are not the identity, as after training
        if isinstance(m, torch.nn.BatchNorm1d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    return net.eval()


def test_the_onnx_model_scores_what_the_network_scores_in_the_joined_models_label_order(tmp_path):
    net = trained_looking_net()
    out = tmp_path / "hands.onnx"
    meta = landmarks.export_onnx(net, joined_metadata(), out, dataset="test", accuracy={"top1": 0.5})
    proto = onnx.load(str(out))
    got = verify_contract(proto)
    assert got[contract.INPUT_KEY] == "hands" and json.loads(got[contract.HANDS_KEY]) == contract.HANDS_SPEC
    assert json.loads(got["jesture.labels"]) == contract.JESTER_LABELS
    assert meta["jesture.params"] == str(landmarks.params(net))
    x = np.random.default_rng(1).normal(size=(3, 16, landmarks.FEATURES)).astype(np.float32)
    x[:, ::5] = 0  # frames without a hand
    with torch.no_grad():
        want = net(torch.tensor(x)).numpy()
    order = [net.labels.index(label) for label in contract.JESTER_LABELS]
    logits = run_ort(out, x, tmp_path / "run")["logits"].reshape(3, -1)
    np.testing.assert_allclose(logits, want[:, order], atol=1e-4)
    assert not np.allclose(logits, want, atol=1e-2), "the test needs a net whose labels are out of order"


def test_refuses_other_labels_and_an_existing_file(tmp_path):
    net = trained_looking_net()
    out = tmp_path / "hands.onnx"
    out.write_bytes(b"keep me")
    with pytest.raises(ValueError, match="exists"):
        landmarks.export_onnx(net, joined_metadata(), out, dataset="test", accuracy={})
    assert out.read_bytes() == b"keep me"
    other = dict(joined_metadata())
    other["jesture.labels"] = json.dumps(contract.JESTER_LABELS[:-1] + ["Waving"])
    with pytest.raises(ValueError, match="labels"):
        landmarks.export_onnx(net, other, tmp_path / "other.onnx", dataset="test", accuracy={})
    assert not (tmp_path / "other.onnx").exists()


def test_a_hands_model_must_carry_the_recipe_the_runtime_computes(tmp_path):
    out = tmp_path / "hands.onnx"
    landmarks.export_onnx(trained_looking_net(), joined_metadata(), out, dataset="test", accuracy={})
    proto = onnx.load(str(out))
    for p in proto.metadata_props:
        if p.key == contract.HANDS_KEY:
            p.value = json.dumps(dict(contract.HANDS_SPEC, tracking="landmarks-to-next-frame"))
    with pytest.raises(ValueError, match=contract.HANDS_KEY):
        verify_contract(proto)


def test_an_ensemble_exports_as_the_mean_of_its_members_log_softmax(tmp_path):
    nets = [trained_looking_net(0), trained_looking_net(0), trained_looking_net(0)]
    for k, n in enumerate(nets[1:], 1):  # same label order, other weights
        torch.manual_seed(10 + k)
        for prm in n.parameters():
            prm.data.normal_(0, 0.1)
    ens = landmarks.LandmarkEnsemble(nets).eval()
    out = tmp_path / "hands3.onnx"
    meta = landmarks.export_onnx(ens, joined_metadata(), out, dataset="test", accuracy={})
    assert meta["jesture.arch"] == "landmark-tcn-w96 x3"
    assert float(meta["jesture.mflops"]) == pytest.approx(3 * landmarks.mflops(nets[0], 16), abs=0.1)
    assert meta["jesture.params"] == str(3 * landmarks.params(nets[0]))
    x = np.random.default_rng(2).normal(size=(2, 16, landmarks.FEATURES)).astype(np.float32)
    with torch.no_grad():
        members = np.stack([torch.log_softmax(n(torch.tensor(x)), 1).numpy() for n in nets])
    order = [nets[0].labels.index(label) for label in contract.JESTER_LABELS]
    logits = run_ort(out, x, tmp_path / "run")["logits"].reshape(2, -1)
    np.testing.assert_allclose(logits, members.mean(0)[:, order], atol=1e-4)
    assert not np.allclose(logits, members[0][:, order], atol=1e-2), "the members must differ for the test to mean anything"


def test_a_network_without_depth_ignores_the_depth_columns_in_its_exported_graph(tmp_path):
    nets = [trained_looking_net(0, no_depth=True), trained_looking_net(0, no_depth=True)]
    torch.manual_seed(5)
    for prm in nets[1].parameters():
        prm.data.normal_(0, 0.1)
    ens = landmarks.LandmarkEnsemble(nets).eval()
    out = tmp_path / "nodepth.onnx"
    meta = landmarks.export_onnx(ens, joined_metadata(), out, dataset="test", accuracy={})
    assert meta["jesture.arch"] == "landmark-tcn-w96-nodepth x2"
    assert meta["jesture.params"] == str(2 * landmarks.params(nets[0]))   # the mask is no parameter
    assert "keep" not in nets[0].state_dict()                              # nor saved with the weights
    x = np.random.default_rng(3).normal(size=(2, 16, landmarks.FEATURES)).astype(np.float32)
    other = x.copy()
    other[..., landmarks.DEPTH] = np.random.default_rng(4).normal(size=other[..., landmarks.DEPTH].shape)
    a = run_ort(out, x, tmp_path / "a")["logits"].reshape(2, -1)
    b = run_ort(out, other, tmp_path / "b")["logits"].reshape(2, -1)
    np.testing.assert_allclose(a, b, atol=1e-5)
    with torch.no_grad():
        want = ens(torch.tensor(x)).numpy()
    order = [nets[0].labels.index(label) for label in contract.JESTER_LABELS]
    np.testing.assert_allclose(a, want[:, order], atol=1e-4)
    # and the same weights with depth read do see the change
    seeing = trained_looking_net(0)
    seeing.load_state_dict(nets[0].state_dict())
    with torch.no_grad():
        assert not np.allclose(seeing(torch.tensor(x)).numpy(), seeing(torch.tensor(other)).numpy(), atol=1e-3)


def test_an_ensemble_refuses_members_with_other_label_orders():
    with pytest.raises(ValueError, match="label orders"):
        landmarks.LandmarkEnsemble([trained_looking_net(0), trained_looking_net(1)])


def test_mirrored_features_are_the_features_of_the_mirrored_frames():
    rng = np.random.default_rng(3)
    frames, width, height = 12, 640, 480
    pts = rng.uniform(100, 400, (frames, 21, 3))
    pts[:, 9, :2] = pts[:, 0, :2] + rng.uniform(30, 60, (frames, 2))   # a palm of some size in every frame
    pts[4] = np.nan                                                        # one frame without a hand
    rec = dict(pts=pts, flag=np.full(frames, 0.9), handed=rng.uniform(0, 1, frames), size=(width, height),
               palm=np.full(frames, 0.8))
    seen = dict(rec, pts=pts * [-1, 1, 1] + [width, 0, 0], handed=1 - rec["handed"])
    want = landmarks.features(seen)
    got = landmarks.mirror_features(landmarks.features(rec))
    assert np.abs(got - want).max() < 1e-5
    assert np.abs(landmarks.mirror_features(got) - landmarks.features(rec)).max() == 0
    assert np.abs(got - landmarks.features(rec)).max() > 0.1      # the mirror does change something


def test_the_mirror_swaps_left_and_right_classes_and_keeps_the_rest():
    labels = ["Swiping Left", "Swiping Right", "Rolling Hand Forward", "Turning Hand Clockwise",
              "Turning Hand Counterclockwise", "Sliding Two Fingers Right", "Sliding Two Fingers Left", "No gesture"]
    m = landmarks.mirror_labels(labels)
    assert [labels[i] for i in m] == ["Swiping Right", "Swiping Left", "Rolling Hand Forward",
                                      "Turning Hand Counterclockwise", "Turning Hand Clockwise",
                                      "Sliding Two Fingers Left", "Sliding Two Fingers Right", "No gesture"]
