"""Chart geometry for server-rendered inline SVG (no JavaScript, no CDN): the templates draw what this computes.

Every function takes plain numbers and returns a dict the matching template in templates/sales/ renders.
"""

from datetime import date

SERIES_CLASSES = ("s1", "s2", "s3", "s4")


def _scale(value: int, top: int, length: float) -> float:
    return round(length * value / top, 1) if top else 0.0


def hbars(items: list[tuple[str, int]], *, width: int = 480, label_width: int = 170, bar: int = 18) -> dict:
    """Horizontal bars, one per (label, value), longest for the largest value."""
    top = max((v for _label, v in items), default=0)
    room = width - label_width - 50
    row = bar + 8
    bars = [
        {
            "label": label,
            "value": value,
            "y": i * row,
            "text_y": i * row + bar - 4,
            "width": max(_scale(value, top, room), 1.0 if value else 0.0),
            "value_x": label_width + _scale(value, top, room) + 6,
        }
        for i, (label, value) in enumerate(items)
    ]
    return {
        "bars": bars,
        "width": width,
        "height": max(len(items) * row, row),
        "label_width": label_width,
        "bar": bar,
    }


def funnel(steps: list[tuple[str, int]], *, width: int = 520, step: int = 44) -> dict:
    """Centred bars narrowing from the first step, each with its count and its share of the first step."""
    first = steps[0][1] if steps else 0
    bars = []
    for i, (label, value) in enumerate(steps):
        w = max(_scale(value, first, width - 20), 2.0) if first else 2.0
        bars.append(
            {
                "label": label,
                "value": value,
                "share": round(100 * value / first) if first else 0,
                "x": round((width - w) / 2, 1),
                "y": i * step,
                "width": w,
                "height": step - 8,
                "text_y": i * step + (step - 8) / 2 + 5,
                "cls": SERIES_CLASSES[i % len(SERIES_CLASSES)],
            }
        )
    return {"bars": bars, "width": width, "height": max(len(steps) * step, step), "mid": width / 2}


def month_columns(
    months: list[date], series: list[tuple[str, list[int]]], *, width: int = 640, height: int = 220
) -> dict:
    """Grouped columns: for each month one column per series (leads, test drives, orders, deliveries)."""
    bottom, left, top_pad = height - 24, 34, 10
    top = max((v for _name, values in series for v in values), default=0)
    group = (width - left) / max(len(months), 1)
    column = max(min((group - 10) / max(len(series), 1), 26), 2)
    columns, labels = [], []
    for m, month in enumerate(months):
        x0 = left + m * group + (group - column * len(series)) / 2
        labels.append({"x": round(left + m * group + group / 2, 1), "text": month.strftime("%Y-%m")})
        for s, (name, values) in enumerate(series):
            h = _scale(values[m], top, bottom - top_pad)
            columns.append(
                {
                    "x": round(x0 + s * column, 1),
                    "y": round(bottom - h, 1),
                    "width": round(column - 2, 1),
                    "height": h,
                    "cls": SERIES_CLASSES[s % len(SERIES_CLASSES)],
                    "title": f"{name} {month:%Y-%m}: {values[m]}",
                }
            )
    ticks = [{"y": round(bottom - _scale(v, top, bottom - top_pad), 1), "value": v} for v in _ticks(top)]
    legend = [
        {"name": name, "cls": SERIES_CLASSES[i % len(SERIES_CLASSES)]} for i, (name, _v) in enumerate(series)
    ]
    return {
        "columns": columns,
        "labels": labels,
        "ticks": ticks,
        "legend": legend,
        "width": width,
        "height": height,
        "bottom": bottom,
        "left": left,
        "label_y": height - 6,
    }


def _ticks(top: int) -> list[int]:
    if top <= 0:
        return [0]
    step = max(1, round(top / 4))
    return list(range(0, top + 1, step))
