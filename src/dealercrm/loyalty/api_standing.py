"""REST routes (standing): (prefix, viewset, basename) triples."""

ROUTES: list = []
