def user_role(request):
    """The current user's role and agency for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_role": user.get_role_display() if not user.is_superuser else None,
        "current_agency": user.agency if user.is_officer else None,
        "current_province": user.province
        if user.is_home_affairs
        else (user.agency.province if user.is_officer else None),
    }
