import pytest

from proposals.models import Dossier
from reports import selectors
from reports.tables import bloc_report_tables
from tests.proposals.factories import dossier_in, proposal_world

pytestmark = pytest.mark.django_db


def test_annual_report_shows_granted_by_decision_and_not_granted():
    world = proposal_world()
    dossier_in(world, Dossier.State.DECIDED)
    report = selectors.bloc_report(bloc=world.bloc, year=2022, kind="year")
    assert [(p.nominee, p.result) for p in report.proposals] == [
        ("Thanh tra tỉnh", "Được tặng theo Quyết định số 99/QĐ-UBND ngày " + _today()),
        ("Sở Tư pháp", "Được tặng theo Quyết định số 99/QĐ-UBND ngày " + _today()),
        ("Công an tỉnh", "Không được tặng"),
    ]
    members = {m.name: m.counts for m in report.members}
    assert members["Thanh tra tỉnh"][selectors.key("granted", "ministry_province", "c")] == 1
    assert "proposals" in [t.key for t in bloc_report_tables(report)]


def test_annual_report_shows_a_submitted_dossier_as_proposed():
    world = proposal_world()
    dossier_in(world, Dossier.State.SUBMITTED)
    report = selectors.bloc_report(bloc=world.bloc, year=2022, kind="year")
    assert {p.result for p in report.proposals} == {"Đề nghị"}


def _today():
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")
