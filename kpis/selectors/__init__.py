"""The kpis app's reads, each taking `viewer`."""
