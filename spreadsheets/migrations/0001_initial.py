# The import/export toolkit moved here from the imports app (which keeps load_csv).
# Pending uploads live for an hour: the new table starts empty, the old one is dropped by
# imports.0003.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Spreadsheets",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "import et export de fichiers",
                "permissions": [
                    ("import_spreadsheets", "Importer des fichiers CSV ou XLSX dans l'administration"),
                    ("export_spreadsheets", "Exporter des listes en CSV ou XLSX"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="PendingUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=64, unique=True)),
                ("data", models.BinaryField()),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
            options={
                "verbose_name": "fichier importé en attente",
                "verbose_name_plural": "fichiers importés en attente",
            },
        ),
    ]
