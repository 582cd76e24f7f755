"""Lesson of notebook 00_welcome.ipynb: 00 · Welcome.

Modules: compute, figures, explorers, checks.
"""
