from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Put the e-mail, its verification and the names in the ID token and userinfo.

    `sub` (the user's id) comes from the parent. The parent also keeps each claim to the
    scope it belongs to: `email` and `email_verified` need "email", the names "profile".
    Taking no request makes the claims lazy and lists them in the discovery document.
    """

    def get_additional_claims(self):
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: request.user.profile.email_verified,
            "given_name": lambda request: request.user.first_name,
            "family_name": lambda request: request.user.last_name,
        }
