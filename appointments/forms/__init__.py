"""The appointments forms: portal booking, waitlist and pods, staff pages and admin."""
