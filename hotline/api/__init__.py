"""The hotline's partner API: a switchboard posts calls, partner apps ask for contact."""
