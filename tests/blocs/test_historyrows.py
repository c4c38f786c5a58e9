"""`blocs/historyrows.py`: every model's history declared through the project's
`HistoricalRecords`, whose manager class is built once, not on each read of `.history`."""

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from blocs.historyrows import HistoryManager
from tests.factories import ProvinceFactory


def tracked_models():
    return [
        model
        for model in apps.get_models()
        if not issubclass(model, HistoricalChanges) and hasattr(model._meta, "simple_history_manager_attribute")
    ]


def test_every_tracked_model_reads_its_history_through_the_kept_manager_class():
    models = tracked_models()
    assert len(models) > 30
    for model in models:
        first, second = model.history, model.history
        assert isinstance(first, HistoryManager), model
        assert type(first) is type(second), model  # the class is not built again


@pytest.mark.django_db
def test_a_saved_row_still_reads_its_own_history_rows():
    province = ProvinceFactory(name="Hà Tĩnh")
    province.name = "Hà Tĩnh mới"
    province.save()
    assert [row.name for row in province.history.order_by("history_id")] == ["Hà Tĩnh", "Hà Tĩnh mới"]
    assert type(province.history) is type(ProvinceFactory().history)
    assert province.history.count() == 2  # the instance's rows only, not the other province's
