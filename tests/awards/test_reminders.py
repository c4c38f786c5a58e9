import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from awards import services
from awards.models import Reminder
from tests.awards.factories import row, save

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2022, 7, 15)


@pytest.fixture
def reminders_world(world):
    """Officers with e-mail for A0 (draft), A2 (nothing), A3 (submitted); A1 has no address."""
    a, p = world["agencies"], world["period"]
    world["leader_officer"].email = "a0@example.vn"
    world["leader_officer"].save(update_fields=["email"])
    a[3].email = "vanthu.d@example.vn"
    a[3].save(update_fields=["email"])
    save(a[0], p, [row(collectives=1)])
    save(a[3], p, [row(collectives=1)], submit=True)
    return world


def test_due_reminder_rules():
    due = services.due_reminder
    assert due(DEADLINE, datetime.date(2022, 7, 11), [3], [1, 7]) is None
    assert due(DEADLINE, datetime.date(2022, 7, 12), [3], [1, 7]) == ("before", 3)
    assert due(DEADLINE, datetime.date(2022, 7, 15), [3], [1, 7]) == ("before", 3)
    assert due(DEADLINE, datetime.date(2022, 7, 16), [3], [1, 7]) == ("after", 1)
    assert due(DEADLINE, datetime.date(2022, 7, 22), [3], [1, 7]) == ("after", 7)
    assert due(DEADLINE, datetime.date(2022, 7, 13), [7, 3], []) == ("before", 3)


def test_reminders_sent_to_agencies_that_have_not_submitted(reminders_world):
    sent = services.send_reminders(today=datetime.date(2022, 7, 12))
    assert sorted(r.agency.name for r in sent) == ["Cơ quan A", "Cơ quan C"]
    assert sorted(tuple(m.to) for m in mail.outbox) == [("a0@example.vn",), ("a2@example.vn",)]
    message = next(m for m in mail.outbox if m.to == ["a2@example.vn"])
    assert message.subject == "Nhắc nộp số liệu khen thưởng 6 tháng đầu năm 2022"
    assert "Cơ quan C" in message.body and "15/07/2022" in message.body and "còn 3 ngày" in message.body
    assert Reminder.objects.filter(kind="before", days=3).count() == 2


def test_reminders_never_sent_twice(reminders_world):
    services.send_reminders(today=datetime.date(2022, 7, 12))
    services.send_reminders(today=datetime.date(2022, 7, 13))
    assert len(mail.outbox) == 2
    services.send_reminders(today=datetime.date(2022, 7, 16))  # one day late
    assert len(mail.outbox) == 4
    assert "quá hạn 1 ngày" in mail.outbox[-1].body
    services.send_reminders(today=datetime.date(2022, 7, 17))
    assert len(mail.outbox) == 4
    assert Reminder.objects.count() == 4


def test_no_reminder_for_closed_period_or_submitted(reminders_world):
    world = reminders_world
    save(world["agencies"][0], world["period"], [row(collectives=1)], submit=True)
    save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    assert services.send_reminders(today=datetime.date(2022, 7, 12)) == []
    services.close_period(period=world["period"], actor=None)
    assert services.send_reminders(today=datetime.date(2022, 7, 16)) == []
    assert mail.outbox == []


def test_command_with_options(reminders_world):
    out = io.StringIO()
    call_command("send_reminders", "--days-before", "5", "--days-after", "2", "--today", "2022-07-10", stdout=out)
    assert "2" in out.getvalue()
    assert Reminder.objects.filter(kind="before", days=5).count() == 2
    call_command("send_reminders", "--days-before", "5", "--days-after", "2", "--today", "2022-07-10", stdout=out)
    assert len(mail.outbox) == 2


def test_reminder_links_to_the_agencys_entry_page(reminders_world, settings):
    settings.SITE_URL = "https://thidua.example.gov.vn"
    world = reminders_world
    services.send_reminders(today=datetime.date(2022, 7, 12))
    message = next(m for m in mail.outbox if m.to == ["a2@example.vn"])
    link = f"https://thidua.example.gov.vn/awards/periods/{world['period'].pk}/agencies/{world['agencies'][2].pk}/"
    assert f"Đề nghị nhập và nộp số liệu tại: {link}" in message.body


def test_reminder_without_site_url_names_the_menu(reminders_world, settings):
    settings.SITE_URL = ""
    services.send_reminders(today=datetime.date(2022, 7, 12))
    assert all("http" not in m.body and "Số liệu khen thưởng" in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2
