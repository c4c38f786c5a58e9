from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from awards import services


def _days(value: str) -> list[int]:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise CommandError(f"Not a list of days: {value!r}") from exc
    if any(d < 0 for d in days):
        raise CommandError(f"Days must not be negative: {value!r}")
    return days


class Command(BaseCommand):
    help = (
        "E-mail the officers of agencies that have not submitted their award figures, N days before "
        "and M days after the deadline of each open period. Every reminder is recorded and never "
        "sent twice, so this is safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days-before", default="3", help="comma-separated days before the deadline (default 3)")
        parser.add_argument("--days-after", default="1,7", help="comma-separated days after the deadline (default 1,7)")
        parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD), for testing")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            today = parse_date(options["today"])
            if today is None:
                raise CommandError(f"Not a date: {options['today']!r}")
        sent = services.send_reminders(
            today=today, days_before=_days(options["days_before"]), days_after=_days(options["days_after"])
        )
        for reminder in sent:
            self.stdout.write(f"{reminder.period} · {reminder.agency} · {reminder.recipients}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
