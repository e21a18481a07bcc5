"""Pages (points): the policy, a customer's points, and a repair order's checkout box."""

from django.urls import path

from dealercrm.loyalty import views_points as points
from dealercrm.loyalty import views_points_order as order

urlpatterns: list = [
    path("points/policy/", points.points_policy, name="points-policy"),
    path("points/customers/<int:pk>/", points.points_customer, name="points-customer"),
    path("points/customers/<int:pk>/redeem/", points.points_customer_redeem, name="points-customer-redeem"),
    path("points/customers/<int:pk>/adjust/", points.points_customer_adjust, name="points-customer-adjust"),
    path("points/entries/<int:pk>/reverse/", points.points_entry_cancel, name="points-entry-cancel"),
    path("points/orders/<int:pk>/", order.points_order, name="points-order"),
    path("points/orders/<int:pk>/redeem/", order.points_order_redeem, name="points-order-redeem"),
    path(
        "points/orders/<int:pk>/member-price/",
        order.points_order_member_price,
        name="points-order-member-price",
    ),
    path("points/orders/<int:pk>/preview/", order.points_order_preview, name="points-order-preview"),
]
