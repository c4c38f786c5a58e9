"""Strings of Django and the add-on apps whose Vietnamese is missing or wrong.

Listing them here lets `makemessages` carry them into the project catalogue (locale/vi), which
takes precedence over the apps' own. This module is never imported at run time.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext

OVERRIDES = [
    # Django forms: the shipped Vietnamese is a literal mistranslation or has stray spaces.
    _("Enter a whole number."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    _("Null characters are not allowed."),
    _("“%(pk)s” is not a valid value."),
    # Django admin: left untranslated.
    _("Toggle navigation"),
    _("Filter navigation items"),
    # django-simple-history ships no Vietnamese.
    _("History"),
    _("Change history: %s"),
    _("View history: %s"),
    _("Changed"),
    _("Created"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Revert %s"),
    _("View %s"),
    _("You may edit it again below"),
    _("This object doesn't have a change history."),
    _("View on site"),
    _("None"),
    # Django admin's theme switch (read by screen readers).
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    # django-axes ships no Vietnamese: its models and admin columns.
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Access Attempt"),
    _("Attempt Time"),
    _("Expires At"),
    _("Failed Logins"),
    _("IP Address"),
    _("User Agent"),
    _("Path"),
    _("HTTP Accept"),
    _("GET Data"),
    _("POST Data"),
    _("Form Data"),
    _("Meta Data"),
    _("Logout Time"),
    _("Locked Out"),
    _("Attempt Remaining"),
    _("Access lock out"),
    _("Session key hash (sha256)"),
    _("The time when access attempt expires and is no longer valid."),
    _("Clean up expired attempts"),
    _("Not set"),
    # Django formsets: a tampered management form, shown to the user as a form error.
    _("ManagementForm data is missing or has been tampered with"),
]


def _plurals():  # never called: only here so that makemessages extracts the plural forms
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1)
