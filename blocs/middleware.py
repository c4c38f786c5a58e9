"""Request-wide rules about accounts and privacy, applied after authentication."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

# Paths a user who must change the password may still reach.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class PasswordChangeRequiredMiddleware:
    """A user whose password was set by someone else goes to the password change page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(f"{reverse('password_change')}?next={request.path}")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing a signed-in user sees is kept in a (shared office) browser's or a proxy's cache:
    pages and the .xlsx/.docx downloads carry ``Cache-Control: no-store, private``.

    A view that states its own policy keeps it (the API answers ``private, no-cache`` so that
    its ETags can be revalidated)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
