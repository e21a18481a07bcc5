from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from dealercrm.org.permissions import public


@public
@never_cache
def healthz(request):
    """Load balancers and the demo script poll this: 200 while the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


class ThrottledLoginView(auth_views.LoginView):
    """Django's login; django-axes counts failures and locks a username + address after the limit."""

    redirect_authenticated_user = True


ThrottledLoginView.required_perm = "public"
