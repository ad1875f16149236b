"""Read-only REST API of this app: every queryset through request.scope."""
