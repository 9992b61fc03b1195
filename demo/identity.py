"""The demo association's name and logo (`demo/assets/logo.png`, drawn for the demo)."""

from pathlib import Path

from django.core.files import File

from governance.models import Association

LOGO = Path(__file__).resolve().parent / "assets" / "logo.png"


def load_association_identity() -> int:
    """Save the identity once, with the demo logo; return how many records were created."""
    if Association.objects.exists():
        return 0
    identity = Association(name="Meltingcoop")
    with LOGO.open("rb") as logo:
        identity.logo.save("meltingcoop.png", File(logo), save=False)
    identity.full_clean()
    identity.save()
    return 1
