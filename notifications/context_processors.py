from .models import Notification


def bell(request) -> dict:
    """The unread count beside the bell: read with the signed-in person (`unread_count_of`),
    or counted here for a person loaded another way (just logged in)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = Notification.objects.unread().filter(recipient=user).count()
    return {"unread_notifications": count}
