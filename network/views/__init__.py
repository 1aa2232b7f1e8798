"""The network's pages: `portal` (find a station, the map) and `staff` (audit log, coverage)."""
