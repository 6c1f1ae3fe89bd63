"""Project scripts run by `make test` and pre-commit."""
