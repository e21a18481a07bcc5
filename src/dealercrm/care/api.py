"""REST routes of the care app: (prefix, viewset, basename) triples registered by dealercrm.urls."""

ROUTES: list = []
