"""The large tables render exactly as before they were written in one pass (issue 12): every
report, board, grid and scoring page of the seed cases is compared with a snapshot taken from
the template-per-cell code. Set UPDATE_SNAPSHOTS=1 to write the snapshots again (only when a
page is meant to change, and look at the diff)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import ReportingPeriod
from blocs import dataversion
from blocs.demo import ADMIN_USERNAME, BAC_GIANG_OFFICERS
from blocs.models import Bloc, Membership, Province, User
from scoring.models import ScoringTable

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FROZEN = datetime.datetime(2022, 7, 10, 9, 30, tzinfo=datetime.UTC)
# Ids appear in links: sequences start at 1 whatever ran before on this worker. SQLite only:
# PostgreSQL sorts equal names by its collation, and the snapshots were taken on SQLite.
pytestmark = [
    pytest.mark.django_db(transaction=True, reset_sequences=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="snapshots are of the SQLite rendering",
    ),
]


@pytest.fixture
def frozen_demo(monkeypatch, db):
    # Every stored and shown time (auto_now, history dates, "days late") comes from
    # timezone.now(): frozen, the pages are the same on every run.
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def normalise(html: str) -> str:
    # The page's own content: the menu and the <head> (fonts, icons) are not what is compared.
    html = html[html.find("<main") : html.rfind("</main>") + 7]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="-"', html)
    # The version token is signed with a timestamp (blocs.concurrency): it changes every second.
    html = re.sub(r'name="version_token" value="[^"]*"', 'name="version_token" value="-"', html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"> <", ">\n<", html).strip() + "\n"


def _pages():
    """(name, username, url) of every page with a large table in the seed cases."""
    pages = []
    for bloc in Bloc.objects.order_by("province__code", "number", "name"):
        for kind in ("h1", "year"):
            pages.append((f"bloc-{bloc.province.code}-{bloc.number or 0}-{kind}", ADMIN_USERNAME,
                          reverse("reports:bloc", args=[bloc.pk, 2022, kind])))  # fmt: skip
    for province in Province.objects.filter(blocs__isnull=False).distinct().order_by("code"):
        for kind in ("h1", "year"):
            pages.append((f"rollup-{province.code}-{kind}", ADMIN_USERNAME,
                          reverse("reports:rollup", args=[province.pk, 2022, kind])))  # fmt: skip
        pages.append(
            (f"statutory-{province.code}", ADMIN_USERNAME, reverse("reports:statutory", args=[province.pk, 2022]))
        )
    for period in ReportingPeriod.objects.select_related("province").order_by("province__code", "year", "kind"):
        tag = f"{period.province.code}-{period.year}-{period.kind}"
        pages.append((f"board-{tag}", ADMIN_USERNAME, reverse("awards:board", args=[period.pk])))
        members = Membership.objects.filter(bloc__province=period.province, year=period.year).order_by("agency__name")
        for i, m in enumerate(members[:3]):
            pages.append((f"grid-{tag}-{i}-admin", ADMIN_USERNAME,
                          reverse("awards:grid", args=[period.pk, m.agency_id])))  # fmt: skip
    officers = User.objects.filter(username__in=BAC_GIANG_OFFICERS.values()).order_by("username")
    for officer in officers[:2]:
        for period in ReportingPeriod.objects.filter(province=officer.agency.province).order_by("year", "kind"):
            pages.append((f"grid-{period.year}-{period.kind}-{officer.username}", officer.username,
                          reverse("awards:grid", args=[period.pk, officer.agency_id])))  # fmt: skip
    for table in ScoringTable.objects.select_related("bloc").order_by("bloc_id", "year"):
        args = [table.bloc_id, table.year]
        members = Membership.objects.filter(bloc=table.bloc, year=table.year).order_by("agency__name")
        for i, m in enumerate(members[:2]):
            for name in ("sheet", "bloc_score"):
                pages.append((f"scoring-{name}-{table.bloc.province.code}-{table.year}-{i}", ADMIN_USERNAME,
                              reverse(f"scoring:{name}", args=[*args, m.agency_id])))  # fmt: skip
    return pages


def test_large_table_pages_render_as_the_snapshots(frozen_demo, client):
    pages = _pages()
    assert len(pages) > 30
    update = os.environ.get("UPDATE_SNAPSHOTS") == "1"
    users = {u.username: u for u in User.objects.all()}
    mismatched = []
    for name, username, url in pages:
        client.force_login(users[username])
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = normalise(response.content.decode())
        path = SNAPSHOTS / f"{name}.html"
        if update:
            path.write_text(html, encoding="utf-8")
        elif path.read_text(encoding="utf-8") != html:
            mismatched.append(name)
            if os.environ.get("SNAPSHOT_DIFF_DIR"):
                Path(os.environ["SNAPSHOT_DIFF_DIR"], f"{name}.html").write_text(html, encoding="utf-8")
    assert mismatched == []


def test_board_with_every_state_renders_as_the_snapshot(frozen_demo, client, monkeypatch):
    """The seed board has only accepted and not-started reports before the deadline: here one
    report is returned (a reason with markup in it), one returned and submitted again (it can
    be accepted), one agency's figures are entered by Home Affairs on its behalf, the bloc's own
    totals ("Toàn khối") are entered, the bloc has a leader, and the board is read after the
    deadline (late rows), by Home Affairs and by the leader's officer, then as a back-filled
    period (no countdown)."""
    from awards import services
    from awards.models import AwardForm, Submission
    from blocs import services as bloc_services
    from blocs.models import Agency

    period = ReportingPeriod.objects.get(province__code="bac-giang", year=2022, kind="h1")
    bloc = Bloc.objects.get(province=period.province)
    admin = User.objects.get(username=ADMIN_USERNAME)
    first, second = Submission.objects.filter(period=period, state="accepted").order_by("agency__name")[:2]
    services.return_submission(submission=first, actor=admin, reason="Thiếu <b>quyết định</b> số 12 & ngày")
    services.return_submission(submission=second, actor=admin, reason="Sai cấp khen")
    second.refresh_from_db()
    rows = [services.RecordRow.from_record(r) for r in second.records.select_related("form", "movement")]
    services.submit_submission(agency=second.agency, period=period, rows=rows, version=second.version, actor=None)
    form = (
        AwardForm.objects.filter(recipients=AwardForm.Recipients.BOTH, active=True)
        .order_by("display_order", "name")
        .first()
    )
    inspectorate = Agency.objects.get(province=period.province, name="Thanh tra tỉnh")
    services.save_submission(
        agency=inspectorate, period=period, rows=[services.RecordRow(form=form, collectives=2)], version=0, actor=admin
    )
    services.save_submission(
        bloc=bloc, period=period, rows=[services.RecordRow(form=form, collectives=7)], version=0, actor=admin
    )
    police = Agency.objects.get(province=period.province, name="Công an tỉnh")
    bloc_services.set_leadership(bloc=bloc, year=2022, leader=police, deputies=[], source=Membership.Source.DECISION)
    leader_officer = User.objects.get(username=BAC_GIANG_OFFICERS["Công an tỉnh"])
    monkeypatch.setattr(timezone, "now", lambda: FROZEN + datetime.timedelta(days=10))
    pages = {}
    for name, user in (("every-state", admin), ("every-state-leader", leader_officer)):
        client.force_login(user)
        pages[name] = normalise(client.get(reverse("awards:board", args=[period.pk])).content.decode())
    ReportingPeriod.objects.filter(pk=period.pk).update(opened_on=period.deadline + datetime.timedelta(days=1))
    dataversion.bump()  # QuerySet.update sends no signal
    client.force_login(admin)
    pages["backfilled"] = normalise(client.get(reverse("awards:board", args=[period.pk])).content.decode())
    html = pages["every-state"]
    assert 'data-testid="late"' in html and 'data-testid="accept"' in html and "&lt;b&gt;quyết định" in html
    assert 'data-testid="on-behalf"' in html and 'data-testid="bloc-total-row"' in html and "role-badge" in html
    assert 'data-testid="bloc-total-link"' not in pages["every-state-leader"]
    assert 'data-testid="backfilled"' in pages["backfilled"].split('data-testid="board"')[1]
    for name, html in pages.items():
        path = SNAPSHOTS / f"board-bac-giang-2022-h1-{name}.html"
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            path.write_text(html, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == html, name
