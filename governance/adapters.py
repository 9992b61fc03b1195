from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts only exist because staff created them (`manage.py invite`).
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # The home view sends each role where it works.
        return reverse("home")
