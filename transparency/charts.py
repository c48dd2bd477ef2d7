"""Server-rendered SVG bar charts: they work without JavaScript, and each carries a
title and a description for screen readers; templates put the data table beside it.

Charts are plain data here (positions computed in Python from a dozen values at
most); `templates/transparency/includes/bar_chart.html` draws them.
"""

from dataclasses import dataclass, field

WIDTH = 640
BAR_AREA = 220
TOP = 16
LABEL_SPACE = 40


@dataclass
class Bar:
    label: str
    value: float
    display: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    bars: list = field(default_factory=list)
    horizontal: bool = False
    width: int = WIDTH
    height: int = 0


def column_chart(chart_id, title, description, items, peak=None):
    """Vertical bars: `items` is [(label, value, display text)], in order; a value
    of None draws no bar. `peak` is the value of a full bar (the highest value when
    not given; 100 for percentages)."""
    chart = Chart(chart_id, str(title), str(description), height=TOP + BAR_AREA + LABEL_SPACE)
    peak = peak or max((value or 0 for _label, value, _display in items), default=0) or 1
    slot = WIDTH / max(len(items), 1)
    for index, (label, value, display) in enumerate(items):
        height = BAR_AREA * (value or 0) / peak
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                display=display,
                x=round(index * slot + slot * 0.15, 1),
                y=round(TOP + BAR_AREA - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
            )
        )
    return chart


ROW = 34
NAME_SPACE = 260


def bar_chart(chart_id, title, description, items):
    """Horizontal bars for named categories (e.g. problems)."""
    chart = Chart(
        chart_id, str(title), str(description), horizontal=True, height=ROW * max(len(items), 1)
    )
    peak = max((value for _label, value, _display in items), default=0) or 1
    room = WIDTH - NAME_SPACE - 60
    for index, (label, value, display) in enumerate(items):
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                display=display,
                x=NAME_SPACE,
                y=index * ROW + 6,
                width=round(room * (value or 0) / peak, 1),
                height=ROW - 12,
            )
        )
    return chart
