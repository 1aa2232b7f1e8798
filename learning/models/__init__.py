"""The learning app's models, re-exported: each subject lives in its own module."""
