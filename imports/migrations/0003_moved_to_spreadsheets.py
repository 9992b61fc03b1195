# The pending uploads and the import/export permissions moved to the spreadsheets app.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("imports", "0002_pending_uploads"),
        ("spreadsheets", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="PendingUpload"),
        migrations.DeleteModel(name="Spreadsheets"),
    ]
