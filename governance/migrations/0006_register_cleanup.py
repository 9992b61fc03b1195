from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_register_data")]

    operations = [
        migrations.RemoveField(model_name="meeting", name="agenda"),
        migrations.RemoveField(model_name="meeting", name="attendees"),
        migrations.AlterField(
            model_name="member",
            name="reference",
            field=models.CharField(blank=True, max_length=20, unique=True, verbose_name="référence"),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="reference",
            field=models.CharField(blank=True, max_length=20, unique=True, verbose_name="référence"),
        ),
    ]
