import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from blocs import services
from blocs.models import Membership
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


@pytest.fixture
def bloc_with_agencies():
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCDEF"]
    return bloc, agencies


def _roles(bloc, year):
    return {
        m.agency.name: (m.role, m.deputy_slot)
        for m in Membership.objects.filter(bloc=bloc, year=year).select_related("agency")
    }


def test_set_roster_creates_members_with_roles(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    change = services.set_roster(bloc=bloc, year=2022, agencies=a[:4], leader=a[0], deputies=[a[1]])
    assert change.created == 4
    assert _roles(bloc, 2022) == {
        "Cơ quan A": ("leader", None),
        "Cơ quan B": ("deputy", 1),
        "Cơ quan C": ("member", None),
        "Cơ quan D": ("member", None),
    }


def test_set_roster_swaps_leader_and_deputy_without_conflict(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    services.set_roster(bloc=bloc, year=2022, agencies=a[1:4], leader=a[1], deputies=[a[2]])
    assert _roles(bloc, 2022) == {
        "Cơ quan B": ("leader", None),
        "Cơ quan C": ("deputy", 1),
        "Cơ quan D": ("member", None),
    }


def test_set_roster_leader_not_member_rejected_and_nothing_written(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    with pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[5])
    assert _codes(exc.value) == {"leader": [services.ERR_LEADER_NOT_MEMBER]}
    assert not Membership.objects.exists()


def test_set_roster_deputy_equals_leader_rejected(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    with pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[0]])
    assert _codes(exc.value) == {"deputies": [services.ERR_DEPUTY_IS_LEADER]}


def test_set_roster_too_many_deputies_rejected(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2022, agencies=a[:4], leader=a[0], deputies=[a[1], a[2]])
    assert _codes(exc.value) == {"deputies": [services.ERR_TOO_MANY_DEPUTIES]}
    assert exc.value.message_dict["deputies"] == ["Năm 2022: đã chọn 2 Phó khối, nhưng khối này có tối đa 1 Phó khối."]


def test_set_roster_leadership_messages_name_the_year_and_the_agency(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    bloc.max_deputies = 3
    bloc.save()
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2023, agencies=a[:3], leader=a[5], deputies=[a[0], a[0], a[4]])
    assert _codes(exc.value) == {
        "leader": [services.ERR_LEADER_NOT_MEMBER],
        "deputies": [services.ERR_DUPLICATE_DEPUTY, services.ERR_DEPUTY_NOT_MEMBER],
    }
    assert exc.value.message_dict == {
        "leader": ["Năm 2023: Trưởng khối Cơ quan F không phải là thành viên của khối trong năm 2023."],
        "deputies": [
            "Năm 2023: Cơ quan A được chọn hai lần làm Phó khối.",
            "Năm 2023: Phó khối Cơ quan E không phải là thành viên của khối trong năm 2023.",
        ],
    }
    assert not Membership.objects.exists()


def test_leadership_errors_valid_leadership_has_none(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    ids = [x.id for x in a[:3]]
    assert services.leadership_errors(bloc=bloc, year=2022, leader=a[0], deputies=[a[1]], member_ids=ids) == {}
    assert services.leadership_errors(bloc=bloc, year=2022, leader=None, deputies=[], member_ids=ids) == {}


def test_leadership_errors_deputy_is_leader_named(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    with translation.override("vi"):
        errors = services.leadership_errors(
            bloc=bloc, year=2024, leader=a[0], deputies=[a[0]], member_ids=[a[0].id], members_year=2023
        )
        assert [(e.code, e.message) for e in errors["deputies"]] == [
            (services.ERR_DEPUTY_IS_LEADER, "Năm 2024: Cơ quan A là Trưởng khối, không thể đồng thời là Phó khối.")
        ]
        errors = services.leadership_errors(
            bloc=bloc, year=2024, leader=a[1], deputies=[], member_ids=[a[0].id], members_year=2023
        )
        assert [e.message for e in errors["leader"]] == [
            "Năm 2024: Trưởng khối Cơ quan B không phải là thành viên của khối trong năm 2023."
        ]


def test_prepare_next_year_applies_the_leadership_rules(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    with pytest.raises(ValidationError) as exc:
        services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=a[1], deputies=[a[1]])
    assert _codes(exc.value) == {"deputies": [services.ERR_DEPUTY_IS_LEADER]}
    with pytest.raises(ValidationError) as exc:
        services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=a[1], deputies=[a[2], a[0]])
    assert _codes(exc.value) == {"deputies": [services.ERR_TOO_MANY_DEPUTIES]}
    assert not Membership.objects.filter(year=2023).exists()


def test_set_roster_two_deputies_allowed_by_setting(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    bloc.max_deputies = 2
    bloc.save()
    services.set_roster(bloc=bloc, year=2022, agencies=a[:4], leader=a[0], deputies=[a[1], a[2]])
    assert _roles(bloc, 2022)["Cơ quan C"] == ("deputy", 2)


def test_set_roster_agency_in_other_bloc_rejected_with_bloc_name(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    other = BlocFactory(province=bloc.province, name="Khối Kinh tế")
    services.set_roster(bloc=other, year=2022, agencies=[a[0]])
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2022, agencies=a[:2])
    assert exc.value.message_dict["agencies"] == ["Cơ quan A đã là thành viên của “Khối Kinh tế” trong năm 2022."]
    assert not Membership.objects.filter(bloc=bloc).exists()


def test_set_roster_agency_of_other_province_rejected(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    with pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2022, agencies=[a[0], AgencyFactory()])
    assert _codes(exc.value) == {"agencies": [services.ERR_WRONG_PROVINCE]}


def test_set_roster_agency_not_existing_that_year_rejected(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    a[0].valid_to = datetime.date(2025, 6, 30)
    a[0].save()
    with pytest.raises(ValidationError) as exc:
        services.set_roster(bloc=bloc, year=2026, agencies=a[:2])
    assert _codes(exc.value) == {"agencies": [services.ERR_NOT_VALID_IN_YEAR]}


def test_propose_next_year_deputy_becomes_leader_longest_without_leading_becomes_deputy(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    # A led 2020, B led 2021, C led 2022 with D deputy; E and F never led, E joined earlier.
    services.set_roster(bloc=bloc, year=2020, agencies=a[:5], leader=a[0])
    services.set_roster(bloc=bloc, year=2021, agencies=a[:5], leader=a[1])
    services.set_roster(bloc=bloc, year=2022, agencies=a, leader=a[2], deputies=[a[3]])
    proposal = services.propose_next_year(bloc=bloc, year=2022)
    assert proposal.year == 2023
    assert proposal.leader == a[3]
    assert proposal.deputies == [a[4]]  # never led, member since 2020
    assert {x.name for x in proposal.agencies} == {x.name for x in a}


def test_propose_next_year_excludes_current_leader_from_deputy(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2021, agencies=a[:3], leader=a[2])
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    proposal = services.propose_next_year(bloc=bloc, year=2022)
    # B becomes leader; A led this year, so C (last led 2021) is the only candidate.
    assert proposal.leader == a[1]
    assert proposal.deputies == [a[2]]


def test_propose_next_year_replaces_dissolved_agency_by_successor(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    successor = AgencyFactory(
        province=bloc.province, name="Thi hành án dân sự tỉnh", valid_from=datetime.date(2025, 7, 1)
    )
    a[0].valid_to = datetime.date(2025, 6, 30)
    a[0].successor = successor
    a[0].save()
    a[1].valid_to = datetime.date(2025, 6, 30)
    a[1].save()
    services.set_roster(bloc=bloc, year=2025, agencies=a[:3])
    proposal = services.propose_next_year(bloc=bloc, year=2025)
    assert [x.name for x in proposal.agencies] == ["Thi hành án dân sự tỉnh", "Cơ quan C"]
    assert proposal.dropped == [a[1]]


def test_propose_next_year_without_roster_is_an_error(bloc_with_agencies):
    bloc, _a = bloc_with_agencies
    with pytest.raises(ValidationError) as exc:
        services.propose_next_year(bloc=bloc, year=2022)
    assert exc.value.code == services.ERR_NO_ROSTER


def test_prepare_next_year_creates_roster_with_rotation_source(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=a[1], deputies=[a[2]])
    leader = Membership.objects.get(bloc=bloc, year=2023, role="leader")
    assert leader.agency == a[1] and leader.role_source == Membership.Source.ROTATION


def test_prepare_next_year_records_a_changed_leadership_as_chosen_by_home_affairs(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    # the rule proposes B to lead and C to deputise; Home Affairs picks C to lead instead
    services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=a[2], deputies=[a[1]])
    sources = dict(
        Membership.objects.filter(bloc=bloc, year=2023).exclude(role="member").values_list("role", "role_source")
    )
    assert sources == {"leader": Membership.Source.MANUAL, "deputy": Membership.Source.MANUAL}


def test_propose_next_year_without_leader_or_deputy_explains_what_it_could_not_propose(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3])
    with translation.override("vi"):
        proposal = services.propose_next_year(bloc=bloc, year=2022)
    assert proposal.leader is None
    assert proposal.notes == [
        "Chưa đề xuất Trưởng khối năm 2023: năm 2022 khối không có Phó khối. Hãy chọn Trưởng khối.",
        "Năm 2022 khối không có Trưởng khối.",
    ]
    # with no proposal to confirm, whatever Home Affairs chooses is its own choice
    services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=a[1], deputies=[])
    assert Membership.objects.get(bloc=bloc, year=2023, role="leader").role_source == Membership.Source.MANUAL


def test_prepare_next_year_twice_is_refused(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3])
    services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=None, deputies=[])
    with pytest.raises(ValidationError) as exc:
        services.prepare_next_year(bloc=bloc, year=2022, agencies=a[:3], leader=None, deputies=[])
    assert exc.value.code == services.ERR_NEXT_YEAR_EXISTS


def test_set_leadership_copies_previous_roster_and_records_source(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:4])
    services.set_leadership(
        bloc=bloc,
        year=2023,
        leader=a[2],
        deputies=[a[3]],
        source=Membership.Source.ELECTION,
        source_reference="Hội nghị tổng kết năm 2022",
        source_date=datetime.date(2023, 1, 4),
    )
    assert _roles(bloc, 2023) == {
        "Cơ quan A": ("member", None),
        "Cơ quan B": ("member", None),
        "Cơ quan C": ("leader", None),
        "Cơ quan D": ("deputy", 1),
    }
    leader = Membership.objects.get(bloc=bloc, year=2023, role="leader")
    assert (leader.role_source, leader.role_source_date) == ("election", datetime.date(2023, 1, 4))


def test_set_roster_keeps_unchanged_role_source(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], source="decision", source_reference="12/QĐ")
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]], source="manual")
    leader = Membership.objects.get(bloc=bloc, year=2022, role="leader")
    assert (leader.role_source, leader.role_source_reference) == ("decision", "12/QĐ")


def test_set_leadership_refreshes_source_of_confirmed_leader(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], source="decision", source_reference="12/QĐ")
    services.set_leadership(
        bloc=bloc, year=2022, leader=a[0], deputies=[a[1]], source="election", source_reference="Hội nghị tổng kết"
    )
    leader = Membership.objects.get(bloc=bloc, year=2022, role="leader")
    assert (leader.role_source, leader.role_source_reference) == ("election", "Hội nghị tổng kết")
    member = Membership.objects.get(bloc=bloc, year=2022, agency=a[2])
    assert member.role_source == ""


def test_save_bloc_refuses_lowering_deputies_below_a_roster(bloc_with_agencies):
    bloc, a = bloc_with_agencies
    bloc.max_deputies = 2
    bloc.save()
    services.set_roster(bloc=bloc, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1], a[2]])
    bloc.max_deputies = 1
    with pytest.raises(ValidationError) as exc:
        services.save_bloc(bloc=bloc)
    assert "max_deputies" in exc.value.message_dict


def test_create_user_puts_user_in_role_group():
    province = ProvinceFactory()
    user = services.create_user(username="ha", password="x-very-long-1", role="home_affairs", province=province)
    assert list(user.groups.values_list("name", flat=True)) == ["Home Affairs staff"]
    assert user.check_password("x-very-long-1") and not user.is_staff


def test_a_role_group_is_made_with_its_permissions_once():
    Group.objects.all().delete()  # as after an emptied database
    province = ProvinceFactory()
    first = services.create_user(username="ha1", password="x-very-long-1", role="home_affairs", province=province)
    group = first.groups.get()
    assert set(group.permissions.values_list("codename", flat=True)) >= {"change_bloc", "change_membership"}
    admin = services.create_user(username="adm", password="x-very-long-1", role="admin")
    assert admin.groups.get().permissions.filter(content_type__app_label="scoring").exists()
    # The next user of a role finds the group: its permissions are not read and written again.
    with CaptureQueriesContext(connection) as queries:
        second = services.create_user(username="ha2", password="x-very-long-1", role="home_affairs", province=province)
    assert second.groups.get() == group
    assert not any("auth_permission" in query["sql"] for query in queries.captured_queries)


def test_migrate_brings_the_role_groups_permissions_up_to_date():
    """A new model's permissions reach groups made before it: after each `migrate` that applies
    migrations (the signal as the command sends it), not after a flush (no plan)."""
    services.create_user(username="adm", password="x-very-long-1", role="admin")
    group = Group.objects.get(name=services.ROLE_GROUPS["admin"])
    missing = Permission.objects.filter(content_type__app_label="scoring").order_by("pk").first()
    group.permissions.remove(missing)
    emit_post_migrate_signal(0, False, "default")  # as `flush` sends it
    assert not group.permissions.filter(pk=missing.pk).exists()
    emit_post_migrate_signal(0, False, "default", plan=[("a migration", False)])
    assert group.permissions.filter(pk=missing.pk).exists()
    assert Group.objects.get(name=services.ROLE_GROUPS["home_affairs"]).permissions.exists()
