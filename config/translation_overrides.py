"""Strings of Django and the add-on apps whose Vietnamese is missing or wrong.

Listing them here lets `makemessages` carry them into the project catalogue (locale/vi), which
takes precedence over the apps' own. This module is never imported at run time.
"""

from django.utils.translation import gettext_noop as _

OVERRIDES = [
    # Django forms: the shipped Vietnamese is a literal mistranslation or has stray spaces.
    _("Enter a whole number."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
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
]
