from django import template

register = template.Library()


@register.inclusion_tag("core/_field.html")
def field(bound_field, validate_url: str = ""):
    """{% field form.vin validate_url %}: a labelled input with its inline errors."""
    return {"field": bound_field, "validate_url": validate_url}


@register.simple_tag(takes_context=True)
def querystring_without_page(context) -> str:
    """The current query string minus `page`, ending in '&' when not empty, for pagination links."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@register.inclusion_tag("core/_sparkline.html")
def sparkline(points, width: int = 220, height: int = 48):
    """A small inline SVG line for (date, value) points: the odometer trend, with no JavaScript."""
    points = [(d, v) for d, v in points if v is not None]
    if len(points) < 2:
        return {"path": "", "width": width, "height": height, "points": points}
    d0, d1 = points[0][0].toordinal(), points[-1][0].toordinal()
    v0, v1 = min(v for _, v in points), max(v for _, v in points)
    span_d, span_v = max(d1 - d0, 1), max(v1 - v0, 1)
    pad = 3
    coords = [
        (
            pad + (d.toordinal() - d0) / span_d * (width - 2 * pad),
            height - pad - (v - v0) / span_v * (height - 2 * pad),
        )
        for d, v in points
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    return {"path": path, "width": width, "height": height, "points": points, "last": coords[-1]}


@register.filter
def km(value) -> str:
    """12,000 km in every language: dealership staff read odometers with thousands separators."""
    if value is None or value == "":
        return ""
    return f"{int(value):,} km"
