"""The learning app's admin pages."""
