"""REST routes of the loyalty app: (prefix, viewset, basename) triples registered by dealercrm.urls."""

ROUTES: list = []
