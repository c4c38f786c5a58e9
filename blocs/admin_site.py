"""The admin site: Django's, with agency labels that name the province.

The admin sees every province, where four agencies may be called "Công an tỉnh"; the
autocomplete's answers (and the selected value, see `blocs.admin.AgencyLabelsMixin`) carry
the province so that an officer is not tied to another province's agency. Installed in
INSTALLED_APPS as `blocs.admin_site.ProjectAdminConfig` in place of `django.contrib.admin`
(this module is imported before the models are ready, so it does not import them).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class AgencyAwareAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj._meta.label_lower == "blocs.agency":
            result["text"] = obj.label_with_province
        return result


class ProjectAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return AgencyAwareAutocompleteJsonView.as_view(admin_site=self)(request)


class ProjectAdminConfig(AdminConfig):
    default_site = "blocs.admin_site.ProjectAdminSite"
