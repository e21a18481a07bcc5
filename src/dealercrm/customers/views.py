from django.shortcuts import render

from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_CUSTOMERS)
def customers_list(request):
    return render(request, "base.html", {})
