from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from blocs import selectors as bloc_selectors


@login_required
def home(request):
    """What is the user's to do: their blocs this year (later apps add their own to-dos here)."""
    user = request.user
    year = timezone.localdate().year
    context = {"year": year}
    if user.is_officer:
        context["memberships"] = bloc_selectors.agency_memberships(user.agency)[:5]
    else:
        context["blocs"] = list(bloc_selectors.bloc_list(user)[:50])
    return render(request, "home.html", context)
