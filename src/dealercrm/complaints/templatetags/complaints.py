from django import template

register = template.Library()

BAR_HEIGHT = 22
LABEL_WIDTH = 150


@register.inclusion_tag("complaints/_bars.html")
def bar_chart(rows, width: int = 460, title: str = "", empty: str = ""):
    """{% bar_chart rows %}: horizontal bars as inline SVG for (label, count) rows; no JavaScript."""
    rows = [(str(label), int(value)) for label, value in rows]
    top = max((value for _, value in rows), default=0) or 1
    room = width - LABEL_WIDTH - 50
    bars = [
        {
            "label": label,
            "value": value,
            "y": i * BAR_HEIGHT,
            "text_y": i * BAR_HEIGHT + 15,
            "width": max(1, round(value / top * room)) if value else 0,
            "value_x": LABEL_WIDTH + (round(value / top * room) if value else 0) + 6,
        }
        for i, (label, value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": width,
        "height": max(1, len(rows)) * BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "title": title,
        "empty": empty,
    }


@register.inclusion_tag("complaints/_time_left.html")
def time_left_badge(left):
    """The time left of a deadline (sla.TimeLeft), coloured."""
    return {"left": left}
