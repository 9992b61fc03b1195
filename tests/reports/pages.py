"""The dashboard page as a person reads it."""

import re

from django.urls import reverse


def page(client, year=None) -> str:
    url = reverse("reports:dashboard_year", args=[year]) if year else reverse("reports:dashboard")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, label: str) -> str:
    """The text of the key-figure card with this label, tags stripped."""
    match = re.search(
        rf'<li class="kpi">\s*<h3 class="kpi-label">{label}</h3>(.*?)</li>', html, re.S
    )
    assert match, label
    text = re.sub(r"<[^>]+>", " ", match.group(1)).replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text).strip()
