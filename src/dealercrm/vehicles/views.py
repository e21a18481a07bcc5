from django.shortcuts import render

from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_VEHICLES)
def vehicles_list(request):
    return render(request, "base.html", {})
