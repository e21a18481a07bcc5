"""REST routes (points): (prefix, viewset, basename) triples."""

ROUTES: list = []
