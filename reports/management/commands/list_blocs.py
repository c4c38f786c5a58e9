from django.core.management.base import BaseCommand
from django.db.models import Max, Min

from blocs.models import Bloc


class Command(BaseCommand):
    help = "List every bloc, one a line, tab-separated: id, province, year range, name."

    def handle(self, *args, **options):
        blocs = (
            Bloc.objects.select_related("province")
            .annotate(first_year=Min("memberships__year"), last_year=Max("memberships__year"))
            .order_by("province__sort_name", "number", "sort_name")
        )
        for bloc in blocs:
            if bloc.first_year is None:
                years = ""
            elif bloc.first_year == bloc.last_year:
                years = str(bloc.first_year)
            else:
                years = f"{bloc.first_year}-{bloc.last_year}"
            self.stdout.write("\t".join([str(bloc.pk), bloc.province.name, years, bloc.name]))
