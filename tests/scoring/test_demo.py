import io

import pytest
from django.core.management import call_command

from blocs.models import Movement
from scoring.models import AdjustmentItem, Criterion, ScoringTable
from scoring.selectors import table_structure

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Movement.objects.values_list("bloc__number", "name", "kind", "launch_date", "end_date")),
        sorted(Criterion.objects.values_list("group__table__year", "name", "max_points", "auto_source")),
        sorted(AdjustmentItem.objects.values_list("kind", "name", "points")),
    )


def test_demo_builds_dong_thap_movements_and_table_idempotently():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert [m[1] for m in first[0]] == [
        "Chung tay, gắn kết hỗ trợ xây dựng, sửa chữa nhà cho cán bộ, chiến sĩ, công chức, viên chức và người lao động",
        "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)",
    ]
    assert {m[0] for m in first[0]} == {6}
    table = ScoringTable.objects.get()
    assert (table.bloc.number, table.year, table.method) == (6, 2022, "leader")
    structure = table_structure(table)
    assert structure.total_max == 100 and not structure.locked
    assert len(structure.criteria) == 6 and len(structure.items) == 2
