"""REST routes of the messaging app: (prefix, viewset, basename) triples registered by dealercrm.urls."""

ROUTES: list = []
