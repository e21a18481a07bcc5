"""Pages (standing): the at-risk list (loyalty:home), an owner's standing, tiers and the win-back policy."""

from django.urls import path

from dealercrm.loyalty import views_standing as pages
from dealercrm.loyalty import views_standing_tiers as tiers

urlpatterns: list = [
    path("", pages.home, name="home"),
    path("win-back/", pages.winback, name="winback"),
    path("customers/<int:pk>/", pages.customer, name="customer"),
    path("tiers/", tiers.tiers, name="tiers"),
    path("tiers/new/", tiers.tier_new, name="tier-new"),
    path("tiers/<int:pk>/", tiers.tier_edit, name="tier-edit"),
    path("tiers/<int:pk>/delete/", tiers.tier_remove, name="tier-delete"),
    path("win-back-policy/", tiers.policy_save, name="winback-policy"),
]
