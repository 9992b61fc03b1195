"""The yearly grants became funding's grant agreements (funding 0002 copies them first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_register_cleanup"),
        ("funding", "0002_grants_from_governance"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Grant",
        ),
    ]
