"""The learning app's public surface: what other apps (and kpis) may call."""
