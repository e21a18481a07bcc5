"""Writes of the loyalty app, one module per feature: standing (nightly category / churn / tier), tiers,
pricing (member price on repair orders), winback (standing helper); points (points helper).

Import from the feature module, e.g. `from dealercrm.loyalty.services.pricing import order_member_price_apply`.
"""
