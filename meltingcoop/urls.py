from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from governance import views as governance_views

# The admin's own login form bypasses allauth (no rate limit, no MFA): route it through
# allauth's login instead.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Meltingcoop — gestion")
admin.site.site_title = _("Meltingcoop")
admin.site.index_title = _("Administration de l'association")

urlpatterns = [
    path("", governance_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
    path("", include("funding.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
