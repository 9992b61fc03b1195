from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """Send each role where it works: staff to the admin, the board to the dashboard."""
    user = request.user
    if not user.is_authenticated:
        return redirect("account_login")
    if user.is_staff:
        return redirect("admin:index")
    if user.has_perm("reports.view_dashboard"):
        return redirect("reports:dashboard")
    return render(request, "governance/home.html", {})
