from django.urls import path

from reports.views import dashboard, report

app_name = "reports"
urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<year:year>/", dashboard.dashboard, name="dashboard_year"),
    path("reports/<year:year>/", report.report, name="report"),
    path("reports/<year:year>.pdf", report.report_pdf, name="report_pdf"),
]
