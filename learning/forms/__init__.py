"""Forms of the learning app's portal and staff pages."""
