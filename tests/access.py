"""Where a persona ends up when it opens a URL: the page, the login form, or a refusal."""

from django.urls import reverse

ALLOWED, LOGIN, FORBIDDEN = "allowed", "login", "forbidden"


def outcome(client, url) -> str:
    """Follow redirects and say where the persona ends up."""
    response = client.get(url, follow=True)
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 200:
        final = response.request["PATH_INFO"]
        return LOGIN if final == reverse("account_login") else ALLOWED
    return f"unexpected {response.status_code}"
