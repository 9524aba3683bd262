from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Put the e-mail, its verification and the names in the ID token and userinfo.

    `sub` (the user's id) comes from the parent. The parent also keeps each claim to the
    scope it belongs to: `email` and `email_verified` need "email", the names "profile".
    Taking no request makes the claims lazy and lists them in the discovery document.

    A user `like_entra` is told of as Microsoft Entra ID does: no `email_verified`, and the
    optional claim `xms_edov` (the e-mail's domain verified by its owner) in the ID token only.
    """

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "xms_edov": "email"}

    def get_additional_claims(self):
        def email_verified(request):
            profile = request.user.profile
            return None if profile.like_entra else profile.email_verified

        def xms_edov(request):
            profile = request.user.profile
            return profile.email_verified if profile.like_entra else None

        return {
            "email": lambda request: request.user.email,
            "email_verified": email_verified,
            "xms_edov": xms_edov,
            "given_name": lambda request: request.user.first_name,
            "family_name": lambda request: request.user.last_name,
        }

    def get_oidc_claims(self, token, token_handler, request):
        claims = super().get_oidc_claims(token, token_handler, request)
        return {name: value for name, value in claims.items() if value is not None}

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        claims.pop("xms_edov", None)  # Entra sends it in the ID token alone
        return claims
