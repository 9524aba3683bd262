from accounts.access import is_hr_admin, is_program_manager


def navigation(request) -> dict:
    """What the navigation shows depends on who is signed in."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    admin = signed_in and is_hr_admin(user)
    return {
        "nav_is_hr_admin": admin,
        "nav_is_program_manager": signed_in and not admin and is_program_manager(user),
    }
