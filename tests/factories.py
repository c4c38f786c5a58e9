"""Factories for the lowest app (blocs); the other apps keep theirs in tests/<app>/factories.py."""

import factory

from blocs.models import Agency, Bloc, Membership, Province, User

PASSWORD = "test-pass-2026"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh {n}")
    code = factory.Sequence(lambda n: f"tinh-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..bloc.province"))
    year = 2022


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def home_affairs(province, **kwargs):
    return UserFactory(role=User.Role.HOME_AFFAIRS, province=province, **kwargs)


def officer(agency, **kwargs):
    return UserFactory(role=User.Role.OFFICER, agency=agency, **kwargs)


def admin_user(**kwargs):
    return UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True, **kwargs)
