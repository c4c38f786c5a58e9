"""A line of the home page's to-do list. Each app builds its own lines (in its template tags,
from its own selectors) and every line is drawn by the one template `blocs/_todo_lines.html`,
so that all lines look and read alike: a link, its count, its due date with the days left."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class TodoLine:
    href: str
    text: str
    key: str  # a stable name for tests and styling: "period-progress", "grid-due"…
    count: str | int | None = None
    due: datetime.date | None = None
    detail: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) under the line
    urgent: bool = False
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def days(self) -> int | None:
        return (self.due - self.today).days if self.due else None

    @property
    def days_late(self) -> int:
        days = self.days
        return -days if days is not None and days < 0 else 0
