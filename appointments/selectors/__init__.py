"""Reads of appointments state, by subject; each read deciding visibility takes `viewer`."""
