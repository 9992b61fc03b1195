from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import use_french_dates
from governance import views as governance_views
from meltingcoop.converters import FourDigitYearConverter

# Before the apps' URLconfs are included: they use <year:...>.
register_converter(FourDigitYearConverter, "year")

# The admin's own login form bypasses allauth (no rate limit, no MFA): route it through
# allauth's login instead.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Meltingcoop — gestion")
admin.site.site_title = _("Meltingcoop")
admin.site.index_title = _("Administration de l'association")
# « Voir le site » opens what the site is for the board: the dashboard.
admin.site.site_url = reverse_lazy("reports:dashboard")
# The app menu beside every page leaves a 1366 px laptop too little room for the lists;
# the index and the breadcrumbs lead everywhere.
admin.site.enable_nav_sidebar = False
use_french_dates(admin.site)

urlpatterns = [
    path("", governance_views.home, name="home"),
    # Staff pages of attendance, under the admin's prefix: the staff second factor covers them.
    path("admin/attendance/", include("events.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
    path("", include("governance.urls")),
    path("", include("cooperatives.urls")),
    path("", include("entrepreneurs.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
