"""One skill per name, whatever its capitals: the form refused "chatgpt" beside "ChatGPT", and
now the database does too (two HR admins adding it at the same moment).

A catalogue from before the form's rule may hold such twins. Nothing is merged behind HR's
back: the later twins are renamed "ChatGPT (2)", "ChatGPT (3)"…, so that HR sees them side by
side in the catalogue and merges them there (everyone's entries move, nothing is lost).
"""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Lower


def _numbered(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: 100 - len(suffix)] + suffix  # the column holds 100 characters


def number_the_twins(apps, schema_editor):
    """Names compared as the constraint compares them, by the database's LOWER() (PostgreSQL's
    follows the locale: "İOS" is "ios" there, not in Python)."""
    Skill = apps.get_model("accounts", "Skill")
    keyed = Skill.objects.annotate(key=Lower("name"))
    seen: set[str] = set()
    for pk, name, key in list(keyed.order_by("pk").values_list("pk", "name", "key")):
        if key not in seen:
            seen.add(key)
            continue
        number = 2
        while keyed.filter(key=Lower(Value(_numbered(name, number)))).exists():
            number += 1
        Skill.objects.filter(pk=pk).update(name=_numbered(name, number))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_active_people_by_name")]

    operations = [
        migrations.RunPython(number_the_twins, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.UniqueConstraint(
                Lower("name"),
                name="one_skill_per_name_in_any_case",
                violation_error_message="The catalogue already has a skill of this name.",
            ),
        ),
    ]
