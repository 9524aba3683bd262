"""Charts drawn on the server as SVG shapes: pure geometry, rendered by
templates/outcomes/_chart.svg. No JavaScript and nothing fetched: they print as they show.
Each chart on a page has a table with its numbers beside it, which screen readers read."""

from dataclasses import dataclass, field

LABEL_WIDTH = 230  # room for a row's label on the left of horizontal charts
ROW = 26


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    css: str
    title: str = ""


@dataclass
class Chart:
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, words)


def _r(value: float) -> float:
    return round(value, 1)


def _nice_top(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def stacked_columns(
    title: str,
    columns: list[tuple[str, list[int]]],
    series: list[tuple[str, str]],
    *,
    width: int = 760,
    height: int = 240,
) -> Chart:
    """Vertical stacked columns: one per label, a segment per series (css class, words)."""
    chart = Chart(title, width, height, legend=series)
    left, bottom, top_pad = 40, 30, 10
    plot_h = height - bottom - top_pad
    top = _nice_top(max((sum(values) for _, values in columns), default=0) or 4)
    for tick in range(5):
        value = top * tick // 4
        y = _r(top_pad + plot_h - plot_h * value / top)
        chart.lines.append(Line(left, y, width, y, "grid"))
        chart.texts.append(Text(left - 6, y + 4, f"{value:,}", "end", "axis"))
    slot = (width - left) / max(len(columns), 1)
    every = max(1, len(columns) // 12)  # at most about twelve labels under the axis
    for index, (label, values) in enumerate(columns):
        x = left + index * slot + slot * 0.15
        y = top_pad + plot_h
        for (css, words), value in zip(series, values, strict=True):
            h = plot_h * value / top
            y -= h
            if value:
                chart.rects.append(
                    Rect(_r(x), _r(y), _r(slot * 0.7), _r(h), css, f"{label}: {value} {words}")
                )
        if index % every == 0:
            chart.texts.append(Text(_r(x + slot * 0.35), height - 10, label, "middle", "axis"))
    return chart


def share_rows(
    title: str, rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], width: int = 1000
) -> Chart:
    """Horizontal bars, each split into its answers as shares of 100 % (1 to 5, say)."""
    height = ROW * len(rows) + 10
    chart = Chart(title, width, height, legend=series)
    label_width = 430
    plot_w = width - label_width - 10
    for index, (label, counts) in enumerate(rows):
        y = 5 + index * ROW
        chart.texts.append(Text(0, y + 16, _short(label, 66), css="label"))
        total, x = sum(counts), float(label_width)
        for (css, words), count in zip(series, counts, strict=True):
            w = plot_w * count / total if total else 0
            if count:
                share = f"{100 * count / total:.0f} %"
                chart.rects.append(Rect(_r(x), y + 3, _r(w), 18, css, f"{words}: {share}"))
            x += w
    return chart


def percent_bars(title: str, rows: list[tuple[str, float, str]], width: int = 1000) -> Chart:
    """Horizontal bars of shares (0..1), each labelled with its percentage."""
    height = ROW * len(rows) + 10
    chart = Chart(title, width, height)
    plot_w = width - LABEL_WIDTH - 60
    for index, (label, share, css) in enumerate(rows):
        y = 5 + index * ROW
        chart.texts.append(Text(0, y + 16, _short(label), css="label"))
        w = plot_w * share
        chart.rects.append(Rect(LABEL_WIDTH, y + 3, _r(w), 18, css, f"{label}: {share:.0%}"))
        chart.texts.append(Text(_r(LABEL_WIDTH + w + 6), y + 16, f"{share:.0%}", css="value"))
    return chart


def dumbbells(
    title: str, rows: list[tuple[str, float, float]], *, scale: tuple[int, int] = (1, 5)
) -> Chart:
    """Per row a line from the start value to the latest one on a fixed scale (levels 1–5)."""
    width, label_width, (low, high) = 520, 200, scale
    height = ROW * len(rows) + 34
    chart = Chart(title, width, height, legend=[("start", "start"), ("now", "now")])
    plot_w = width - label_width - 30

    def x_of(value: float) -> float:
        return _r(label_width + 10 + plot_w * (value - low) / (high - low))

    for value in range(low, high + 1):
        chart.lines.append(Line(x_of(value), 0, x_of(value), height - 24, "grid"))
        chart.texts.append(Text(x_of(value), height - 8, str(value), "middle", "axis"))
    for index, (label, start, now) in enumerate(rows):
        y = 5 + index * ROW + 12
        chart.texts.append(Text(0, y + 4, _short(label, 28), css="label"))
        chart.lines.append(Line(x_of(start), y, x_of(now), y, "change"))
        chart.dots.append(Dot(x_of(start), y, "start", f"{label}: {start:.1f} at the start"))
        chart.dots.append(Dot(x_of(now), y, "now", f"{label}: {now:.1f} now"))
    return chart


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
