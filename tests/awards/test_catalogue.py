import pytest

from awards.catalogue import ensure_catalogue
from awards.models import AwardForm, AwardRecord

pytestmark = pytest.mark.django_db

G = AwardForm.StatGroup


def test_seeded_state_forms_count_in_the_column_of_form_0602_they_belong_to():
    groups = dict(AwardForm.objects.values_list("code", "stat_group"))
    assert groups["hc-lao-dong-hang-3"] == groups["hcg-quan-ky-quyet-thang"] == G.STATE_ORDERS
    assert groups["anh-hung-lao-dong"] == groups["danh-hieu-vinh-du-nha-nuoc"] == G.STATE_HONOUR
    assert groups["co-thi-dua-chinh-phu"] == G.STATE_FLAG
    assert groups["bang-khen-thu-tuong"] == G.STATE_PM_MERIT
    assert groups["cstd-toan-quoc"] == G.STATE_CSTD
    assert groups["khac-nha-nuoc"] == G.STATE_OTHER
    assert not AwardForm.objects.filter(stat_group="0602").exists()


def test_catalogue_seeded_again_after_a_flush_has_the_same_groups():
    before = dict(AwardForm.objects.values_list("code", "stat_group"))
    AwardRecord.objects.all().delete()
    AwardForm.objects.all().delete()
    ensure_catalogue()
    assert dict(AwardForm.objects.values_list("code", "stat_group")) == before
