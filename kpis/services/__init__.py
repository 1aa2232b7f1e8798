"""The kpis app's public services: what changes state."""
