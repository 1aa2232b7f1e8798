"""Staff pages: the counsellor's day and bookings, station calendars, cases, pods."""
