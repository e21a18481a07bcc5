"""Admin for support staff: look records up, read their history, make the few corrections the services allow.

Changes go through customers.services (pinyin keys, timeline); customers are created in the app, where
contacts, deduplication and tags are handled, and the timeline is append-only.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dealercrm.customers import services
from dealercrm.customers.forms import CustomerFieldsForm
from dealercrm.customers.models import ContactPoint, Customer, Tag, TimelineEntry
from dealercrm.customers.services import CUSTOMER_FIELDS
from dealercrm.customers.timeline import kind_label
from dealercrm.org.access import actor_for


class CustomerAdminForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = list(CUSTOMER_FIELDS)

    # The same field checks as the app's form, so a bad ID number is an inline error here too.
    clean_name = CustomerFieldsForm.clean_name
    clean_id_number = CustomerFieldsForm.clean_id_number
    clean_birthday = CustomerFieldsForm.clean_birthday


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    fields = ["kind", "value", "is_primary", "verified", "wrong_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    form = CustomerAdminForm
    list_display = [
        "name",
        "name_pinyin",
        "dealer",
        "customer_class",
        "kind",
        "source",
        "data_quality",
        "created_at",
    ]
    list_filter = ["dealer", "customer_class"]
    # Prefix searches use the name / pinyin / initials indexes.
    search_fields = ["^name", "^name_pinyin", "^name_initials"]
    list_select_related = ["dealer"]
    show_full_result_count = False
    readonly_fields = [
        "dealer",
        "name_pinyin",
        "name_initials",
        "data_quality",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [*CUSTOMER_FIELDS, *readonly_fields]
    inlines = [ContactPointInline]

    def has_add_permission(self, request) -> bool:
        return False  # new customers come through the app (contacts, duplicate check, tags)

    def save_model(self, request, obj, form, change) -> None:
        """Apply the edited fields with customer_update (pinyin keys and the timeline stay right)."""
        current = Customer.objects.select_related("dealer").get(pk=obj.pk)
        changed = {name: form.cleaned_data[name] for name in CUSTOMER_FIELDS if name in form.cleaned_data}
        services.customer_update(actor=actor_for(request.user), customer=current, fields=changed)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "dealer"]
    list_filter = ["dealer"]
    search_fields = ["name"]
    list_select_related = ["dealer"]


@admin.register(ContactPoint)
class ContactPointAdmin(SimpleHistoryAdmin):
    """Contacts are added in the app (normalized, deduplicated); here support can flag a wrong number."""

    list_display = ["value", "kind", "customer", "dealer", "is_primary", "verified", "wrong_number"]
    list_filter = ["kind", "wrong_number", "verified", "dealer"]
    search_fields = ["=value", "=tail4", "^customer__name"]
    list_select_related = ["customer", "dealer"]
    show_full_result_count = False
    fields = ["dealer", "customer", "kind", "value", "tail4", "is_primary", "verified", "wrong_number"]
    readonly_fields = ["dealer", "customer", "kind", "value", "tail4", "is_primary", "verified"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if "wrong_number" in form.changed_data:
            services.contact_flag_wrong_number(
                actor=actor_for(request.user), contact=obj, wrong=obj.wrong_number
            )


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    """The customer's story is append-only: viewable here, never changed or removed."""

    list_display = ["occurred_at", "customer", "entry_kind", "summary", "actor", "dealer"]
    list_filter = ["kind", "dealer"]
    search_fields = ["^customer__name", "summary"]
    list_select_related = ["customer", "actor", "dealer"]
    show_full_result_count = False
    date_hierarchy = "occurred_at"

    @admin.display(description=_("kind"), ordering="kind")
    def entry_kind(self, obj: TimelineEntry) -> str:
        return kind_label(obj.kind)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
