"""save_formats writes the same drawing to PNG and SVG (clearing only after both)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from dlmath.numeric.plots import save_formats


def test_save_formats_writes_both_formats_with_the_drawing(tmp_path: Path) -> None:
    figure = Figure()
    figure.add_subplot().plot([0, 1, 2], [2, 0, 1], label="a line")
    paths = save_formats(figure, tmp_path / "sub", "curve")
    assert [p.name for p in paths] == ["curve.png", "curve.svg"]
    svg = paths[1].read_text()
    assert svg.count("<path") > 5 and "<g id=\"line2d_" in svg  # axes, ticks and the line: not a blank page
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not figure.axes  # cleared afterwards
