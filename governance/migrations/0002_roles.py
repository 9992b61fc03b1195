from django.contrib.auth.management import create_permissions
from django.db import migrations

from governance.roles import BOARD_GROUP, STAFF_GROUP, sync_role_permissions


def create_roles(apps, schema_editor):
    # Permissions normally appear after migrate; create them now so the groups get
    # their permissions in this migration (post_migrate keeps them in step later).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_permissions(apps=apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[STAFF_GROUP, BOARD_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
