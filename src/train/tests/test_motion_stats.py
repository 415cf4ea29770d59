"""The motion statistic on datasets whose motion is known: a still clip moves nothing, a moving
square moves in proportion to its size and travel, and a folder that is not a dataset exits 2."""
import json
import shutil

from PIL import Image

from jesture_train.motion_stats import clip_stats, main
from tiny_jester import write_tiny_jester

LABELS = ["Swiping Left", "Swiping Right"]


def freeze(root):
    """The same dataset with every frame replaced by the clip's first: nothing moves."""
    for clip in root.iterdir():
        if clip.is_dir():
            frames = sorted(clip.glob("*.jpg"))
            first = Image.open(frames[0]).copy()
            for f in frames[1:]:
                first.save(f, quality=92)


def test_a_still_clip_moves_nothing_and_a_moving_square_moves_its_size(tmp_path):
    moving = write_tiny_jester(tmp_path / "moving", LABELS, clips_per_class=2, frames=12)
    still = tmp_path / "still"
    shutil.copytree(moving, still)
    freeze(still)
    clip = sorted(p for p in moving.iterdir() if p.is_dir())[0]
    s = clip_stats(clip)
    # a 13x13 square moving 2 px a frame changes about 2 * 2 * 13 pixels of 176 * 100 per frame pair
    per_pair = 2 * 2 * 13 / (176 * 100)
    assert 0.5 * per_pair * 11 < s["area"] < 2 * per_pair * 11, s
    assert s["held"] == 0.0  # 0.3% a frame: below a held hand
    assert clip_stats(sorted(p for p in still.iterdir() if p.is_dir())[0])["area"] == 0.0
    out = tmp_path / "table.json"
    assert main([str(moving), str(still), "--json", str(out)]) == 0
    table = json.loads(out.read_text())["classes"]
    assert set(table) == set(LABELS)
    for row in table.values():
        assert row["area"][0] > 0 and row["area"][1] == 0.0


def test_a_folder_that_is_not_a_dataset_exits_2_with_one_line(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "jester-v1-labels.csv" in err[0], err
