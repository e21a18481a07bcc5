from django.urls import path

from dealercrm.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customers_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("validate/", views.customer_validate, name="validate"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact-add"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/tags/", views.tags, name="tags"),
    path("<int:pk>/relationships/new/", views.relationship_add, name="relationship-add"),
    path("<int:pk>/addresses/new/", views.address_add, name="address-add"),
    path("<int:pk>/notes/", views.note_add, name="note-add"),
]
