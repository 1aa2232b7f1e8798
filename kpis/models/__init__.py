"""The kpis app's models, one module per subject; re-exported here (app_label kpis)."""
