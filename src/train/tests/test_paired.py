"""bench/paired.py: McNemar's exact test on two eval-clips runs, figure by figure."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import paired  # noqa: E402

HEADER = "clip;accept;windows_top1;windows_right;windows_called_gesture;centre_right;centre_called_gesture"


def write(path: Path, rows):
    path.write_text("\n".join([HEADER] + [";".join(map(str, r)) for r in rows]) + "\n")
    return path


def test_the_exact_test_matches_the_binomial_tails():
    assert paired.exact_mcnemar(0, 0) == 1.0
    assert paired.exact_mcnemar(5, 5) == 1.0
    assert paired.exact_mcnemar(0, 6) == pytest.approx(2 / 64)           # both tails of 6 fair coins
    assert paired.exact_mcnemar(10, 2) == pytest.approx(2 * (1 + 12 + 66) / 4096)
    assert paired.exact_mcnemar(2, 10) == paired.exact_mcnemar(10, 2)


def test_only_the_clips_the_two_disagree_on_count(tmp_path, capsys):
    # ten swipes: A right on all, B on the first four; twenty quiet clips: A fires on two, B on none
    a = [(f"s{i}", "Swiping Left", "x", 1, 1, 1, 1) for i in range(10)]
    a += [(f"q{i}", "-", "x", 0, int(i < 2), 0, 0) for i in range(20)]
    b = [(f"s{i}", "Swiping Left", "x", int(i < 4), 1, 1, 1) for i in range(10)]
    b += [(f"q{i}", "-", "x", 0, 0, 0, 0) for i in range(20)] + [("extra", "-", "x", 0, 0, 0, 0)]
    figures, unmatched = paired.compare([paired.read(write(tmp_path / "a.csv", a), "windows")],
                                        [paired.read(write(tmp_path / "b.csv", b), "windows")], "windows")
    assert figures["right"] == (10, 4, 6, 0, 10, pytest.approx(2 / 64))
    assert figures["'-' quiet"] == (18, 20, 0, 2, 20, pytest.approx(0.5))
    assert unmatched == 1
    assert paired.main([str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 0
    assert "left out" in capsys.readouterr().out


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "x.csv").write_text("something;else\n1;2\n")
    assert paired.main([str(tmp_path / "x.csv"), str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "predictions.csv" in err
    assert paired.main([str(tmp_path / "missing.csv"), str(tmp_path / "x.csv")]) == 2


def test_draws_pooled_per_side_count_clips_one_side_reads_more_often(tmp_path, capsys):
    # four swipes. World A's two draws: s0 both, s1 one, s2 one, s3 none. World B's: s0 one, s1 one,
    # s2 none, s3 none. A reads more often on s0 and s2; B on none; s1 and s3 are ties.
    def rows(rights):
        return [(f"s{i}", "Swiping Left", "x", r, 1, 1, 1) for i, r in enumerate(rights)]
    a1 = write(tmp_path / "a1.csv", rows([1, 1, 0, 0]))
    a2 = write(tmp_path / "a2.csv", rows([1, 0, 1, 0]))
    b1 = write(tmp_path / "b1.csv", rows([1, 0, 0, 0]))
    b2 = write(tmp_path / "b2.csv", rows([0, 1, 0, 0]))
    read = lambda p: paired.read(p, "windows")  # noqa: E731
    figures, unmatched = paired.compare([read(a1), read(a2)], [read(b1), read(b2)], "windows")
    assert figures["right"] == (4, 2, 2, 0, 4, pytest.approx(0.5))
    assert unmatched == 0
    # one file per side is McNemar's test, as before
    one, _ = paired.compare([read(a1)], [read(b1)], "windows")
    assert one["right"] == (2, 1, 1, 0, 4, pytest.approx(1.0))
    assert paired.main([f"{a1},{a2}", f"{b1},{b2}", "--names", "a", "b"]) == 0
    out = capsys.readouterr().out
    assert "4/8" in out and "summed over 2 and 2 draws" in out
