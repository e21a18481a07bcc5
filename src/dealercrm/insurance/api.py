"""REST routes of the insurance app: (prefix, viewset, basename) triples registered by dealercrm.urls."""

ROUTES: list = []
