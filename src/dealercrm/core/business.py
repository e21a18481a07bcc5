"""The shape in which apps hand their records to the customer 360 page's "open business" list.

Each app turns its own queryset into rows of (kind, id, date, title, state, due) with `business_rows`; the desk
unions them, so the list costs one query however many apps contribute.
"""

from django.db.models import CharField, DateField, Expression, F, QuerySet, Value
from django.db.models.functions import Cast

COLUMNS = ("b_kind", "b_ref", "b_on", "b_title", "b_state", "b_due")


def business_rows(
    queryset: QuerySet, *, kind: str, on: Expression, title: Expression, state: Expression, due: Expression
) -> QuerySet:
    return (
        queryset.order_by()
        .annotate(
            b_kind=Value(kind, output_field=CharField()),
            b_ref=F("pk"),
            b_on=Cast(on, output_field=DateField()),
            b_title=Cast(title, output_field=CharField()),
            b_state=Cast(state, output_field=CharField()),
            b_due=Cast(due, output_field=DateField()),
        )
        .values(*COLUMNS)
    )
