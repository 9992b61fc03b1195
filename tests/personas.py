"""The accounts behind the personas of tests/conftest.py."""

from django.contrib.auth.models import Group

PASSWORD = "correct-horse-battery-42"


def make_user(django_user_model, email, group=None, **extra):
    user = django_user_model.objects.create_user(email=email, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
