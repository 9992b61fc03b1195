import pytest
from django.urls import Resolver404, resolve, reverse


@pytest.mark.parametrize("path", ["/reports/2020/", "/reports/2020.pdf", "/dashboard/2020/"])
def test_four_digit_years_resolve_to_an_integer(path):
    assert resolve(path).kwargs == {"year": 2020}


@pytest.mark.parametrize("path", ["/reports/20200/", "/reports/202/", "/dashboard/-2020/"])
def test_other_years_do_not_resolve(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_reverse_writes_four_digits():
    assert reverse("reports:report", args=[2020]) == "/reports/2020/"
