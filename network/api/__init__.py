"""The network's partner REST API under /api/v1/: units, stations, the calling app."""
