"""URL modules: `portal` (namespace appointments) and `staff` (staff:appointments)."""
