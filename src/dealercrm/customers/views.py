"""Customer pages: thin views over customers.selectors (reads) and customers.services (writes).

Every view declares its Perm; writes need EDIT_CUSTOMERS (group HQ is read-only, so 403). A customer is always
fetched through selectors.customer_get, so another dealer's customer is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors, field_errors
from dealercrm.customers import selectors, services
from dealercrm.customers.choices import ContactKind
from dealercrm.customers.forms import (
    AddressForm,
    ConsentForm,
    ContactForm,
    CustomerEditForm,
    CustomerFilterForm,
    CustomerForm,
    NoteForm,
    RelationshipForm,
    TagsForm,
)
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm

PAGE_SIZE = 25
CANDIDATE_LIMIT = 20


def _form_page(
    request,
    form,
    *,
    title: str,
    customer=None,
    submit: str = "",
    validate_url: str = "",
    template: str = "customers/form.html",
    **extra,
):
    context = {
        "form": form,
        "title": title,
        "customer": customer,
        "submit": submit or _("Save"),
        "validate_url": validate_url,
        **extra,
    }
    return render(request, template, context)


def _back_to(customer):
    return redirect("desk:customer", pk=customer.pk)


@requires(Perm.VIEW_CUSTOMERS)
def customers_list(request):
    actor = request.actor
    filters = CustomerFilterForm(request.GET)
    customer_class = tag = ""
    if filters.is_valid():
        customer_class = filters.cleaned_data["customer_class"]
        tag = filters.cleaned_data["tag"].strip()
    rows = selectors.customer_list(actor, customer_class=customer_class, tag=tag)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "filtered": bool(customer_class or tag),
        "page_obj": page_obj,
        "rows": [(c, selectors.primary_contact_display(actor, c)) for c in page_obj],
    }
    return render(request, "customers/list.html", context)


def _actor_dealer(actor: Actor, chosen: Dealer | None) -> Dealer:
    return chosen if chosen is not None else get_object_or_404(Dealer, pk=actor.dealer_id)


@requires(Perm.EDIT_CUSTOMERS)
def customer_create(request):
    actor = request.actor
    form = CustomerForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(
                actor=actor,
                dealer=_actor_dealer(actor, form.cleaned_data.get("dealer")),
                fields=form.customer_fields(),
                contacts=form.contact_inputs(),
                tags=form.cleaned_data["tags"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
            return _back_to(customer)
    return _form_page(
        request,
        form,
        title=_("New customer"),
        submit=_("Create customer"),
        validate_url=reverse("customers:validate"),
        template="customers/customer_form.html",
    )


@requires(Perm.EDIT_CUSTOMERS)
@require_POST
def customer_validate(request):
    """htmx: the inline errors of the field that changed (the edit page passes ?customer=<pk>)."""
    actor = request.actor
    pk = request.GET.get("customer", "")
    if pk.isdigit():
        customer = selectors.customer_get(actor, int(pk))
        form = CustomerEditForm(
            request.POST,
            customer=customer,
            id_number_shown=selectors.id_number_display(actor, customer.id_number),
        )
    else:
        form = CustomerForm(request.POST, actor=actor)
    return field_errors(request, form)


@requires(Perm.EDIT_CUSTOMERS)
def customer_edit(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    form = CustomerEditForm(
        request.POST or None,
        customer=customer,
        id_number_shown=selectors.id_number_display(actor, customer.id_number),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update(actor=actor, customer=customer, fields=form.customer_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Details of %(name)s saved.") % {"name": customer.name})
            return _back_to(customer)
    validate_url = f"{reverse('customers:validate')}?customer={customer.pk}"
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": customer.name},
        customer=customer,
        validate_url=validate_url,
        template="customers/customer_form.html",
    )


def _value_errors(exc: ValidationError) -> ValidationError:
    """contact_add reports under the contact's kind (mobile, email...); the form has one `value` field."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {
            ("value" if key in ContactKind.values else key): messages_
            for key, messages_ in exc.message_dict.items()
        }
    )


@requires(Perm.EDIT_CUSTOMERS)
def contact_add(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_add(
                actor=actor,
                customer=customer,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                is_primary=form.cleaned_data["is_primary"],
            )
        except ValidationError as exc:
            apply_service_errors(form, _value_errors(exc))
        else:
            messages.success(request, _("%(kind)s added.") % {"kind": contact.get_kind_display()})
            return _back_to(customer)
    return _form_page(
        request,
        form,
        title=_("Add a contact for %(name)s") % {"name": customer.name},
        customer=customer,
        submit=_("Add contact"),
    )


@requires(Perm.EDIT_CUSTOMERS)
def consent(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_set(actor=actor, customer=customer, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return _back_to(customer)
    return _form_page(
        request,
        form,
        title=_("Consent of %(name)s") % {"name": customer.name},
        customer=customer,
        submit=_("Record consent"),
        template="customers/consent.html",
        consents=customer.consents.select_related("recorded_by"),
    )


@requires(Perm.EDIT_CUSTOMERS)
def tags(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    current = ", ".join(t.name for t in customer.tags.order_by("name"))
    form = TagsForm(request.POST or None, initial={"tags": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_set_tags(actor=actor, customer=customer, names=form.cleaned_data["tags"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Tags saved."))
            return _back_to(customer)
    return _form_page(request, form, title=_("Tags of %(name)s") % {"name": customer.name}, customer=customer)


def _relationship_candidates(actor: Actor, customer, query: str) -> list[tuple[int, str]]:
    """Customers of the same dealer matching a mobile, its last four digits, a name or its pinyin."""
    picked = selectors.pick_customers(
        actor, query, limit=CANDIDATE_LIMIT, dealer_id=customer.dealer_id, exclude=[customer.pk]
    )
    return [(card.id, " · ".join(p for p in [card.name, card.contact] if p)) for card in picked]


@requires(Perm.EDIT_CUSTOMERS)
def relationship_add(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    data = request.POST if request.method == "POST" else None
    query = (request.POST.get("q") if data is not None else request.GET.get("q")) or ""
    candidates = _relationship_candidates(actor, customer, query)
    form = RelationshipForm(data, candidates=candidates, initial={"q": query})
    if data is not None and form.is_valid():
        related = selectors.customer_get(actor, form.cleaned_data["related"])
        try:
            services.relationship_add(
                actor=actor,
                customer=customer,
                related=related,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Relationship added."))
            return _back_to(customer)
    return _form_page(
        request,
        form,
        title=_("Add a relationship for %(name)s") % {"name": customer.name},
        customer=customer,
        submit=_("Add relationship"),
        template="customers/relationship_form.html",
        query=query,
    )


@requires(Perm.EDIT_CUSTOMERS)
def address_add(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(actor=actor, customer=customer, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Address added."))
            return _back_to(customer)
    return _form_page(
        request,
        form,
        title=_("Add an address for %(name)s") % {"name": customer.name},
        customer=customer,
        submit=_("Add address"),
    )


@requires(Perm.EDIT_CUSTOMERS)
@require_POST
def note_add(request, pk: int):
    actor = request.actor
    customer = selectors.customer_get(actor, pk)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.note_add(actor=actor, customer=customer, text=form.cleaned_data["text"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Note added."))
    return _back_to(customer)
