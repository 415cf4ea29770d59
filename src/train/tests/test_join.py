from pathlib import Path

from jesture_train.data import read_labels, read_split
from jesture_train.join import main as join_main

LABELS = ["Swiping Left", "Swiping Right", "No gesture", "Doing other things"]


def world(root: Path, train, validation, manifest=None, labels=LABELS):
    root.mkdir(parents=True)
    (root / "jester-v1-labels.csv").write_text("".join(l + "\n" for l in labels))
    (root / "jester-v1-train.csv").write_text("".join(f"{c};{l}\n" for c, l in train))
    (root / "jester-v1-validation.csv").write_text("".join(f"{c};{l}\n" for c, l in validation))
    for c, _ in train + validation:
        (root / c).mkdir()
        (root / c / "00001.jpg").write_bytes(c.encode())
    if manifest:
        (root / "jesture-synth.properties").write_text(manifest)
    return root


def windows(root: Path, rows):
    root.mkdir(parents=True)
    (root / "negatives.csv").write_text("".join(f"{c};{l}\n" for c, l in rows))
    for c, _ in rows:
        (root / c).mkdir()
    return root


def test_two_worlds_with_the_same_ids_sit_side_by_side_under_prefixes(tmp_path):
    a = world(tmp_path / "a", [("1", "Swiping Left"), ("2", "No gesture")], [("3", "Swiping Right")], "renderer=4\n")
    b = world(tmp_path / "b", [("1", "Swiping Right"), ("2", "Doing other things")], [("3", "Swiping Left")], "renderer=7\n")
    out = tmp_path / "mix"
    assert join_main(["--out", str(out), f"{a}:a", f"{b}:b"]) == 0
    assert read_labels(out) == LABELS
    train = read_split(out, "train", LABELS)
    assert [(s.clip_id, LABELS[s.label]) for s in train] == [
        ("a1", "Swiping Left"), ("a2", "No gesture"), ("b1", "Swiping Right"), ("b2", "Doing other things")]
    assert [s.clip_id for s in read_split(out, "validation", LABELS)] == ["a3", "b3"]
    assert (out / "b1" / "00001.jpg").read_bytes() == b"1"
    assert (out / "b1").resolve() == (b / "1").resolve()
    manifest = (out / "jesture-synth.properties").read_text()
    assert "a:a (renderer=4)" in manifest and "b:b (renderer=7)" in manifest


def test_windows_join_the_training_split_only(tmp_path):
    a = world(tmp_path / "a", [("1", "Swiping Left")], [("2", "Swiping Right")])
    n = windows(tmp_path / "neg", [("n1", "No gesture"), ("n2", "Doing other things")])
    out = tmp_path / "with-windows"
    assert join_main(["--out", str(out), str(a), str(n)]) == 0
    assert [s.clip_id for s in read_split(out, "train", LABELS)] == ["1", "n1", "n2"]
    assert [s.clip_id for s in read_split(out, "validation", LABELS)] == ["2"]


def test_refusals_name_the_problem_and_write_nothing(tmp_path, capsys):
    a = world(tmp_path / "a", [("1", "Swiping Left")], [("2", "Swiping Right")])
    b = world(tmp_path / "b", [("1", "Swiping Left")], [("2", "Swiping Right")])
    out = tmp_path / "out"
    assert join_main(["--out", str(out), str(a), str(b)]) == 2
    assert "give one of them a prefix" in capsys.readouterr().err
    assert not out.exists()

    reordered = world(tmp_path / "c", [("1", "Swiping Left")], [], labels=list(reversed(LABELS)))
    assert join_main(["--out", str(out), f"{a}:a", f"{reordered}:c"]) == 2
    assert "one label list in one order" in capsys.readouterr().err

    stray = windows(tmp_path / "stray", [("n1", "Waving")])
    assert join_main(["--out", str(out), str(a), str(stray)]) == 2
    assert "'Waving'" in capsys.readouterr().err

    assert join_main(["--out", str(out), str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert not out.exists()

    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert join_main(["--out", str(out), str(a)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"


def test_the_joined_manifest_reaches_the_models_dataset_entry(tmp_path):
    from jesture_train.data import read_manifest
    from jesture_train.train import describe_dataset
    a = world(tmp_path / "a", [("1", "Swiping Left")], [("2", "Swiping Right")], "renderer=4\nbackgrounds=a=b\n")
    out = tmp_path / "mix"
    assert join_main(["--out", str(out), f"{a}:a"]) == 0
    assert read_manifest(a) == {"renderer": "4", "backgrounds": "a=b"}
    assert read_manifest(tmp_path / "nowhere") == {}
    text = describe_dataset(out, 1, 1)
    assert text.startswith("jesture synth joined=a:a (renderer=4 backgrounds=a=b); mix: 1 train / 1 validation clips"), text
