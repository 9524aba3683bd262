from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("oidc_provider", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="profile", name="like_entra", field=models.BooleanField(default=False)
        ),
    ]
