from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What the provider says about a user beyond Django's User: is the e-mail verified."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    email_verified = models.BooleanField(default=True)
    # Like Microsoft Entra ID: no `email_verified`; the ID token (not userinfo) carries the
    # optional claim `xms_edov`, "the e-mail's domain is verified by its owner".
    like_entra = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user.email} (verified: {self.email_verified})"
