"""REST routes of the campaigns app: (prefix, viewset, basename) triples registered by dealercrm.urls."""

ROUTES: list = []
