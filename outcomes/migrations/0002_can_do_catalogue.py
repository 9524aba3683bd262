"""The "can do" checks the starting topic catalogue carries (HR adds more in the admin)."""

from django.db import migrations

CAN_DOS = {
    "LinkedIn for leaders: first post": [
        "Posted on LinkedIn without help",
        "Answered comments on my post myself",
    ],
    "Generative AI at work: a first hour": [
        "Used an AI assistant to draft a board paper",
        "Checked an assistant's summary and found what it got wrong",
    ],
    "Hybrid meetings that work": [
        "Ran a hybrid meeting from my phone",
        "Shared my screen in a video call without help",
    ],
    "Your online reputation: a check-up": [
        "Checked what a search for my name shows and fixed one thing",
    ],
}


def seed(apps, schema_editor):
    TopicTemplate = apps.get_model("sessions_log", "TopicTemplate")
    CanDo = apps.get_model("outcomes", "CanDo")
    for topic in TopicTemplate.objects.filter(title__in=CAN_DOS):
        for position, text in enumerate(CAN_DOS[topic.title]):
            CanDo.objects.get_or_create(topic=topic, text=text, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial"), ("sessions_log", "0002_topic_catalogue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
