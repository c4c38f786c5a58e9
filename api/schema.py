"""What drf-spectacular cannot infer: our token authentication (imported by `ApiConfig.ready`)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A machine token: `Authorization: Bearer <token>` (docs/api.md).",
        }
