"""The appointments pages: `portal/` for workers, `staff/` for the staff site."""
