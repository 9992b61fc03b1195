import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every attendance now has its session (0005): require it, one row per session and
    person, and drop the free-text speakers (now trainers)."""

    dependencies = [
        ('events', '0005_one_session_per_event'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attendance',
            name='session',
            field=models.ForeignKey(blank=True, help_text="Vide : la séance unique de l'événement.", on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.session', verbose_name='séance'),
        ),
        migrations.RemoveConstraint(
            model_name='attendance',
            name='attendance_unique',
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.UniqueConstraint(fields=('session', 'entrepreneur'), name='attendance_unique_session', violation_error_message='Cette personne est déjà inscrite à cette séance.'),
        ),
        migrations.RemoveField(
            model_name='event',
            name='speakers',
        ),
    ]
