"""Reads of the learning app, each taking `viewer` where visibility matters."""
