"""URL modules: `portal` (namespace network, under /stations/) and `staff` (staff:network)."""
