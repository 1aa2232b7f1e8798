"""The learning app's Celery tasks: thin wrappers around services."""
