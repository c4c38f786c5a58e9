"""Reads of the API app: the tokens a user may see and manage, and the token behind a key."""

import datetime

from django.apps import apps
from django.db.models import DateTimeField, F, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from api.models import ApiToken
from blocs import selectors as bloc_selectors
from blocs.models import User
from scoring import selectors as scoring_selectors


def may_manage_tokens_of(user: User, province_id: int) -> bool:
    """Admins, and Home Affairs of the province (or of its successor), create and revoke its tokens."""
    return bloc_selectors.can_manage_province(user, province_id)


def may_manage_token(user: User, token: ApiToken) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_admin_role:
        return True
    return token.province_id is not None and may_manage_tokens_of(user, token.province_id)


def tokens_for_user(user: User) -> QuerySet[ApiToken]:
    """Tokens the user manages: every token for admins, its provinces' for Home Affairs, none otherwise."""
    qs = ApiToken.objects.select_related("province", "created_by", "revoked_by").order_by("-created_at", "-id")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin_role:
        return qs
    if not user.is_home_affairs:
        return qs.none()
    return qs.filter(province_id__in=bloc_selectors.visible_province_ids(user))


def token_for_user(user: User, pk) -> ApiToken:
    return get_object_or_404(tokens_for_user(user), pk=pk)


def token_by_digest(key_digest: str) -> ApiToken | None:
    """The token with this digest, revoked or not (the caller tells them apart)."""
    return ApiToken.objects.select_related("province").filter(key_digest=key_digest).first()


# --- The data version behind Last-Modified -------------------------------------------------

HISTORY_APPS = ("blocs", "awards", "conferences", "scoring")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _history_models() -> list:
    """The history tables of the apps the API reads: every write through the services (and the
    admin) leaves a row there, deletions included."""
    found = []
    for label in HISTORY_APPS:
        for model in apps.get_app_config(label).get_models():
            manager = getattr(model, "history", None)
            if manager is not None and hasattr(manager, "model") and manager.model is not model:
                found.append(manager.model)
    return found


def data_version() -> datetime.datetime | None:
    """When the data the API serves last changed (the latest history row of any of its tables).
    One query. None before anything was ever written."""
    models = _history_models()
    if not models:
        return None
    latest = [
        Coalesce(
            Subquery(m.objects.order_by("-history_date").values("history_date")[:1]),
            Value(EPOCH, output_field=DateTimeField()),
        )
        for m in models
    ]
    # Any one row carries the subqueries; the blocs' provinces come first and exist wherever
    # there is data at all.
    rows = models[0].objects.order_by().annotate(v=Greatest(*latest)).values_list("v", flat=True)[:1]
    value = next(iter(rows), None)
    return None if value is None or value == EPOCH else value


# --- Award counts and rankings ---------------------------------------------------------------

COUNT_FIELDS = {
    "province": "period__province_id",
    "year": "period__year",
    "kind": "period__kind",
    "period": "period_id",
    "agency": "agency_id",
    "status": "status",
    "level": "form__level",
    "submission_state": "submission__state",
}


def award_counts(records: QuerySet, *, by: str = "agency", bloc: int | None = None, **filters) -> QuerySet:
    """Sums of collectives and individuals per bloc × period × agency × level × status (× form
    with by="form"), with the submission's state: one grouped query (plus its count when
    paginated). `records` is the caller's scoped AwardRecord queryset. An agency counts in the
    bloc it was a member of in the period's year (one bloc per agency-year); records of an
    agency in no bloc that year are not listed."""
    in_bloc = {"agency__memberships__year": F("period__year")}
    if bloc is not None:
        in_bloc["agency__memberships__bloc_id"] = bloc
    qs = records.filter(**in_bloc, **{COUNT_FIELDS[k]: v for k, v in filters.items() if k in COUNT_FIELDS})
    group = [
        "agency__memberships__bloc",
        "period",
        "period__year",
        "period__kind",
        "agency",
        "agency__name",
        "submission__state",
        "form__level",
        "status",
    ]
    order = ["agency__memberships__bloc", "-period__year", "period__kind", "agency__name", "agency"]
    if by == "form":
        group += ["form", "form__code", "form__name", "form__display_order"]
        order += ["form__display_order", "form"]
    order += ["form__level", "status"]
    return (
        qs.order_by()
        .values(*group)
        .annotate(collectives=Sum("collectives"), individuals=Sum("individuals"))
        .order_by(*order)
    )


def ranking_rows(table, roster) -> list:
    """The scoring ranking of a table, as the ranking page computes it."""
    return scoring_selectors.ranking_for_table(table, roster)
