"""Worker-facing pages: bookings and manage links, the waitlist, pods."""
